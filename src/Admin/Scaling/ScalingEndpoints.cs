using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OrderPipeline.Admin.Queues;
using OrderPipeline.Data;
using OrderPipeline.Hosting;
using OrderPipeline.Hosting.Messaging;
using OrderPipeline.Hosting.Security;

namespace OrderPipeline.Admin.Scaling;

/// <summary>
/// <c>/admin/scaling</c> (on-call key): the plan known sales drive (<c>opctl scaling keda</c> prints it as KEDA cron triggers), and
/// the surge signal a KEDA metrics-API trigger polls for the surges nobody announced.
/// </summary>
public static class ScalingEndpoints
{
    public const string IntakeDeployment = "intake-api";
    public const string BusinessDeployment = "workers-business";
    public const string NotifyDeployment = "workers-notify";

    /// <summary>Replicas each deployment keeps for ordinary traffic, on top of what a sale needs.</summary>
    public const int BaselineReplicas = 1;

    public static IEndpointRouteBuilder MapAdminScaling(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/admin/scaling").WithTags("Scaling").RequireAuthorization(Roles.OnCall)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/plan", PlanAsync).WithName("ScalingPlan").WithSummary("The replicas known sales need, and from when").Produces<ScalingPlan>();
        group.MapGet("/signal", SignalAsync).WithName("ScalingSignal").WithSummary("Every intake's accept rate by lane, and the surge signal").Produces<ScalingSignal>();
        return app;
    }

    static async Task<Ok<ScalingPlan>> PlanAsync(PipelineDbContext db, TimeProvider clock, IOptions<ScalingOptions> options, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var sales = await db.Sales.AsNoTracking().Where(s => s.EndedAt == null && s.EndsAt > now).OrderBy(s => s.StartsAt).ThenBy(s => s.SaleId)
            .ToListAsync(cancellationToken);
        var o = options.Value;
        return TypedResults.Ok(new ScalingPlan(now, o.LeadMinutes, BaselineReplicas, sales.Select(s =>
        {
            // The sale lane is decided at its pace at most, and every decided order is told: the workers size by that, the intake by the peak.
            var decided = Math.Min(s.ExpectedPeakPerSecond, s.AdmissionPerSecond ?? s.ExpectedPeakPerSecond);
            return new SalePlan(s.SaleId, s.SellerId, s.StateAt(now), s.StartsAt.AddMinutes(-o.LeadMinutes), s.StartsAt, s.EndsAt,
                s.ExpectedPeakPerSecond, s.AdmissionPerSecond,
                [
                    Lane(PipelineQueues.Orders + " (intake)", IntakeDeployment, s.ExpectedPeakPerSecond, o.IntakeCapacityPerSecond),
                    Lane(PipelineQueues.SaleOrders, BusinessDeployment, decided, o.BusinessCapacityPerSecond),
                    Lane("notify", NotifyDeployment, decided, o.NotifyCapacityPerSecond),
                ]);
        }).ToList()));
    }

    static LaneReplicas Lane(string lane, string deployment, int perSecond, int capacity) =>
        new(lane, deployment, perSecond, capacity, BaselineReplicas + (int)Math.Ceiling(perSecond / (double)capacity));

    static async Task<Ok<ScalingSignal>> SignalAsync(RabbitManagement broker, TimeProvider clock, IOptions<ScalingOptions> options,
        IOptions<RabbitMqOptions> rabbit, CancellationToken cancellationToken)
    {
        var queues = (await broker.QueuesAsync(cancellationToken)).ToDictionary(q => q.Name, StringComparer.Ordinal);
        var lanes = new[] { PipelineQueues.Orders, PipelineQueues.SaleOrders }.ToDictionary(lane => lane,
            lane => queues.TryGetValue(lane, out var q) ? Math.Round(q.PublishPerSecond, 1) : 0, StringComparer.Ordinal);
        var total = lanes.Values.Sum();
        var o = options.Value;
        return TypedResults.Ok(new ScalingSignal("broker:" + rabbit.Value.VirtualHost, clock.GetUtcNow(), total, lanes,
            o.SurgeAcceptPerSecond, total > o.SurgeAcceptPerSecond, BaselineReplicas + (int)Math.Ceiling(total / o.IntakeCapacityPerSecond),
            BaselineReplicas + (int)Math.Ceiling(total / o.BusinessCapacityPerSecond)));
    }
}
