using System.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.FeatureManagement;
using OrderPipeline.Contracts;
using OrderPipeline.Hosting.Flags;
using OrderPipeline.Hosting.Http;
using OrderPipeline.Hosting.Messaging;
using OrderPipeline.Hosting.Telemetry;
using OrderPipeline.Intake.Catalogue;
using OrderPipeline.Intake.Sales;

namespace OrderPipeline.Intake.Orders;

/// <summary>
/// <c>POST /orders</c>: validate against the cached catalogue, publish <see cref="SubmitOrder"/>, and answer 202
/// only after RabbitMQ confirmed the message as persisted. No database on this path: spikes land on the queue.
/// An order for a product of a running sale goes to the sale lane instead (<see cref="SaleOrder"/>, with its place in line), or is
/// refused 409 at once when that product is sold out (ADR 9).
/// </summary>
public static class SubmitOrderEndpoint
{
    public static async Task<IResult> HandleAsync(
        HttpContext http,
        CatalogueCache catalogue,
        OrderReceipts receipts,
        IdempotencyCache idempotency,
        ConfirmedPublisher publisher,
        TimeProvider clock,
        IFeatureManager features,
        OrderRateLimits rateLimits,
        SaleBoard sales,
        LaneTickets tickets,
        IntakeMetrics metrics,
        ILoggerFactory loggers)
    {
        // The kill switch comes first: while intake is paused nothing is read, validated or published.
        if (!await features.IsEnabledAsync(KnownFlags.AcceptOrders))
        {
            return metrics.Refused("paused", Problems.Unavailable(http, $"Order intake is paused ({KnownFlags.AcceptOrders} is off); nothing was accepted. Retry later.", 30));
        }

        var (request, error) = await JsonBody.ReadAsync<OrderRequest>(http.Request, http.RequestAborted);
        if (error is not null)
        {
            return metrics.Refused("malformed", error);
        }

        if (!catalogue.IsLoaded)
        {
            return metrics.Refused("loading", Problems.Unavailable(http, "The catalogue is still loading; try again shortly."));
        }

        var (order, errors) = OrderRequestValidator.Validate(request!, catalogue.Find);
        var key = http.Request.Headers["Idempotency-Key"].ToString();
        var hasKey = http.Request.Headers.ContainsKey("Idempotency-Key");
        if (hasKey && !IdempotencyKeys.IsValid(key))
        {
            errors["Idempotency-Key"] = ["1-255 printable ASCII characters."];
        }

        if (errors.Count > 0)
        {
            return metrics.Refused("invalid", Problems.Validation(errors));
        }

        if (rateLimits.ForCustomer(http, order!.CustomerId) is { } tooMany)
        {
            return metrics.Refused("rate_limited", tooMany);
        }

        // Sold out: refused at the door before anything else is computed, nothing queued; the orders already in line are still
        // decided in turn. A retry with an Idempotency-Key is looked up first (below): it may name an order already in line.
        var now = clock.GetUtcNow();
        // (Nothing to look up, nothing allocated, while no sale is known.)
        IReadOnlyList<string> products = sales.HasSales ? order.Items.Select(i => i.ProductId).ToList() : [];
        var sale = sales.RunningSaleFor(products, now);
        if (sale is not null && !hasKey && sales.SoldOut(products, now) is { } soldOutFirst)
        {
            return metrics.Refused("sold_out", SoldOut(soldOutFirst, sale.SaleId));
        }

        var hash = RequestHash.Of(order!);
        var orderId = hasKey ? receipts.ForIdempotencyKey(order!.CustomerId, key) : receipts.New();
        IdempotencyCache.Entry? claim = null;
        if (hasKey)
        {
            var (outcome, entry) = await idempotency.BeginAsync(order!.CustomerId, key, hash, http.RequestAborted);
            switch (outcome)
            {
                case IdempotencyCache.Outcome.Conflict:
                    return metrics.Refused("idempotency_conflict", Problems.Status(StatusCodes.Status422UnprocessableEntity, "Idempotency key reused",
                        "This Idempotency-Key was already used with a different body."));
                case IdempotencyCache.Outcome.AlreadyPublished:
                    return tickets.Find(orderId) is { } place
                        ? Accepted(orderId, sales.Place(place.SaleId, place.Ticket), place)
                        : Accepted(orderId, null);
                default:
                    claim = entry;
                    break;
            }
        }

        var published = false;
        try
        {
            if (sale is null)
            {
                published = await PublishAsync(http, order, orderId, hash, hasKey ? key : null, publisher, clock, loggers, null);
                if (published)
                {
                    metrics.Accepted(PipelineQueues.Orders);
                }

                return published ? Accepted(orderId, null) : metrics.Refused("not_queued", NotQueued(http));
            }

            // (Without a key the door was checked above.)
            if (hasKey && sales.SoldOut(products, now) is { } soldOut)
            {
                return metrics.Refused("sold_out", SoldOut(soldOut, sale.SaleId));
            }

            long ticket;
            try
            {
                ticket = await tickets.NextAsync(sale.SaleId, http.RequestAborted);
            }
            catch (Exception e) when (!http.RequestAborted.IsCancellationRequested)
            {
                loggers.CreateLogger(typeof(SubmitOrderEndpoint)).LogWarning(e, "No place in line for order {OrderId} of sale {SaleId}", orderId, sale.SaleId);
                return metrics.Refused("not_queued", NotQueued(http));
            }

            published = await PublishAsync(http, order, orderId, hash, hasKey ? key : null, publisher, clock, loggers,
                (sale.SaleId, ticket));
            if (!published)
            {
                return metrics.Refused("not_queued", NotQueued(http));
            }

            metrics.Accepted(PipelineQueues.SaleOrders);
            tickets.Remember(orderId, sale.SaleId, ticket);
            return Accepted(orderId, sales.Place(sale.SaleId, ticket), (sale.SaleId, ticket));
        }
        finally
        {
            claim?.Complete(published);
        }
    }

    /// <summary>The problem type of a sold-out answer: a client can tell it from other conflicts without reading the title.</summary>
    public const string SoldOutType = "urn:orderpipeline:problem:sold-out";

    static ProblemHttpResult SoldOut(string productId, string saleId) => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, type: SoldOutType,
        title: "Sold out", detail: $"Product '{productId}' of sale '{saleId}' is sold out; nothing was queued. It reopens if the seller restocks it.",
        extensions: new Dictionary<string, object?> { ["productId"] = productId, ["saleId"] = saleId });

    static IResult NotQueued(HttpContext http) =>
        Problems.Unavailable(http, "The order was not confirmed as queued. Retry with the same Idempotency-Key: it names the same order, never a second one.");

    static async Task<bool> PublishAsync(HttpContext http, ValidOrder order, string orderId, string hash, string? key,
        ConfirmedPublisher publisher, TimeProvider clock, ILoggerFactory loggers, (string SaleId, long Ticket)? place)
    {
        var logger = loggers.CreateLogger(typeof(SubmitOrderEndpoint));
        if (!publisher.Connected)
        {
            logger.LogWarning("Order {OrderId} refused: the bus is not connected", orderId);
            return false;
        }

        var message = new SubmitOrder
        {
            OrderId = orderId,
            CustomerId = order.CustomerId,
            SellerId = order.SellerId,
            Items = order.Items,
            Contact = order.Contact,
            RequestHash = hash,
            IdempotencyKey = key,
            AcceptedAt = clock.GetUtcNow(),
        };

        Activity.Current?.SetTag(PipelineTelemetry.OrderIdTag, orderId);
        try
        {
            if (place is { } p)
            {
                await publisher.PublishAsync(new SaleOrder { Order = message, SaleId = p.SaleId, Ticket = p.Ticket }, null, http.RequestAborted);
            }
            else
            {
                await publisher.PublishAsync(message, null, http.RequestAborted);
            }

            return true;
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Order {OrderId} could not be published", orderId);
            return false;
        }
    }

    /// <summary>
    /// 202 with the order's address; a sale order's carries its place (<c>?place={saleId}.{ticket}</c>), so any intake instance
    /// can show it, not only the one that remembers it.
    /// </summary>
    static Accepted<OrderAccepted> Accepted(string orderId, QueuePlace? queue, (string SaleId, long Ticket)? place = null) =>
        TypedResults.Accepted(place is { } p ? $"/orders/{orderId}?place={SalePlace.Format(p.SaleId, p.Ticket)}" : $"/orders/{orderId}",
            new OrderAccepted(orderId, "Accepted", queue));
}
