namespace OrderPipeline.Admin.Orders;

/// <summary>
/// Every hop of one order in time order, from what the pipeline stored about it (no tracing backend needed): accepted by the
/// intake, decided by the business worker, each notice with its provider's answer and its retries, each delay that held it, each
/// dead letter with its retries and its replay. <see cref="Hop.DurationMs"/> is how long the hop took from the one it follows
/// (accepted to decided includes the time in the queue).
/// </summary>
public sealed record OrderTimeline(string OrderId, string Status, string TraceHint, IReadOnlyList<OrderTimeline.Hop> Hops)
{
    /// <param name="Process">The host that did it: Intake.Api, Workers.Business, Workers.Notify, Workers.DeadLetter or Admin.</param>
    public sealed record Hop(DateTimeOffset At, string Process, string Step, string Outcome, double? DurationMs, string? Detail);

    public static OrderTimeline Of(OrderStory story)
    {
        var o = story.Order;
        var hops = new List<Hop>
        {
            new(o.AcceptedAt, "Intake.Api", "accepted", "Accepted", null, o.SaleId is null ? "lane orders" : $"sale {o.SaleId}, place {o.LaneTicket}"),
            // The row is written by the decision: its creation is the decision's commit.
            new(o.CreatedAt, "Workers.Business", "decided", o.Status == "Rejected" ? "Rejected" : "Confirmed", Ms(o.AcceptedAt, o.CreatedAt),
                o.RejectionReason ?? (o.Total is null ? null : $"{o.Total} {o.Currency}, pricing {o.Pricing}")),
        };

        foreach (var n in story.Notifications)
        {
            var started = n.ClaimedAt is { } claimed && claimed < n.UpdatedAt ? claimed : n.CreatedAt;
            if (n.Attempts > 1)
            {
                hops.Add(new(n.CreatedAt, "Workers.Notify", $"retried {n.Channel} {n.Kind}", $"{n.Attempts - 1} retries", Ms(n.CreatedAt, n.UpdatedAt), n.LastError));
            }

            hops.Add(new(n.UpdatedAt, "Workers.Notify", $"notice {n.Channel} {n.Kind}", n.Status, Ms(started, n.UpdatedAt),
                n.LastError ?? (n.Status == "Sent" ? "provider accepted" : null)));
        }

        foreach (var d in story.Delays)
        {
            hops.Add(new(d.CreatedAt, "Workers.Business", "delay declared", d.State, null, $"{d.ProductId} to {d.NewShipDate:yyyy-MM-dd}: {d.Reason}"));
        }

        foreach (var d in story.DeadLetters)
        {
            if (d.RetryCount > 0 && d.FirstFailedAt is { } first)
            {
                hops.Add(new(first, ProcessOf(d.Queue), $"retried on {d.Queue}", $"{d.RetryCount} retries", Ms(first, d.MovedAt), d.ExceptionType));
            }

            hops.Add(new(d.MovedAt, "Workers.DeadLetter", $"dead letter #{d.Id} from {d.SourceQueue}", d.Status, null,
                $"{d.ExceptionType}: {d.ExceptionMessage}"));
            if (d.ReplayedAt is { } replayed)
            {
                hops.Add(new(replayed, "Workers.DeadLetter", $"dead letter #{d.Id} replayed", "Replayed", Ms(d.MovedAt, replayed),
                    d.ReplayedBy is null ? null : $"by {d.ReplayedBy}"));
            }
        }

        return new OrderTimeline(o.OrderId, o.Status, $"Tracing backend: search spans with {Hosting.Telemetry.PipelineTelemetry.OrderIdTag}={o.OrderId}",
            hops.OrderBy(h => h.At).ToList());
    }

    static double Ms(DateTimeOffset from, DateTimeOffset to) => Math.Round(Math.Max(0, (to - from).TotalMilliseconds), 1);

    static string ProcessOf(string queue) => queue.StartsWith("notify", StringComparison.Ordinal) ? "Workers.Notify" : "Workers.Business";
}
