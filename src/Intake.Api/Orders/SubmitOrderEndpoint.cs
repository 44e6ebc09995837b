using Microsoft.FeatureManagement;
using OrderPipeline.Hosting.Flags;
using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using OrderPipeline.Contracts;
using OrderPipeline.Intake.Catalogue;
using OrderPipeline.Intake.Http;

namespace OrderPipeline.Intake.Orders;

/// <summary>
/// <c>POST /orders</c>: validate against the cached catalogue, publish <see cref="SubmitOrder"/>, and answer 202
/// only after RabbitMQ confirmed the message as persisted. No database on this path: spikes land on the queue.
/// </summary>
public static class SubmitOrderEndpoint
{
    public static async Task<IResult> HandleAsync(
        HttpContext http,
        CatalogueCache catalogue,
        OrderReceipts receipts,
        IdempotencyCache idempotency,
        IPublishEndpoint publisher,
        IBusControl bus,
        TimeProvider clock,
        IOptions<IntakeOptions> options,
        IFeatureManager features,
        OrderRateLimits rateLimits,
        ILoggerFactory loggers)
    {
        // The kill switch comes first: while intake is paused nothing is read, validated or published.
        if (!await features.IsEnabledAsync(KnownFlags.AcceptOrders))
        {
            return Problems.Unavailable(http, $"Order intake is paused ({KnownFlags.AcceptOrders} is off); nothing was accepted. Retry later.", 30);
        }

        var (request, error) = await JsonBody.ReadAsync<OrderRequest>(http.Request, http.RequestAborted);
        if (error is not null)
        {
            return error;
        }

        if (!catalogue.IsLoaded)
        {
            return Problems.Unavailable(http, "The catalogue is still loading; try again shortly.");
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
            return Problems.Validation(errors);
        }

        if (rateLimits.ForCustomer(http, order!.CustomerId) is { } tooMany)
        {
            return tooMany;
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
                    return Problems.Status(StatusCodes.Status422UnprocessableEntity, "Idempotency key reused",
                        "This Idempotency-Key was already used with a different body.");
                case IdempotencyCache.Outcome.AlreadyPublished:
                    return Accepted(orderId);
                default:
                    claim = entry;
                    break;
            }
        }

        var published = false;
        try
        {
            published = await PublishAsync(http, order!, orderId, hash, hasKey ? key : null, publisher, bus, clock, options.Value, loggers);
            return published
                ? Accepted(orderId)
                : Problems.Unavailable(http, "The order could not be queued; nothing was accepted. Retry with the same Idempotency-Key.");
        }
        finally
        {
            claim?.Complete(published);
        }
    }

    static async Task<bool> PublishAsync(HttpContext http, ValidOrder order, string orderId, string hash, string? key,
        IPublishEndpoint publisher, IBusControl bus, TimeProvider clock, IntakeOptions options, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(SubmitOrderEndpoint));
        if (bus.CheckHealth().Status == BusHealthStatus.Unhealthy)
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

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.PublishTimeoutSeconds));
        try
        {
            // Mandatory: a message no queue is bound to comes back as an error instead of a silent confirm.
            await publisher.Publish(message, ctx => ctx.Mandatory = true, timeout.Token);
            return true;
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Order {OrderId} could not be published", orderId);
            return false;
        }
    }

    static Accepted<OrderAccepted> Accepted(string orderId) =>
        TypedResults.Accepted($"/orders/{orderId}", new OrderAccepted(orderId, "Accepted"));
}

public static class IdempotencyKeys
{
    public static bool IsValid(string? key) =>
        key is { Length: >= 1 and <= 255 } && key.All(c => c is >= (char)0x20 and <= (char)0x7E);
}
