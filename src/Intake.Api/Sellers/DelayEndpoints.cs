using MassTransit;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using OrderPipeline.Contracts;
using OrderPipeline.Data;
using OrderPipeline.Data.Sellers;
using OrderPipeline.Intake.Http;

namespace OrderPipeline.Intake.Sellers;

public sealed record DelayRequest(DateOnly? NewShipDate, string? Reason);

/// <summary>A delay and how far telling its shoppers has got: <c>pending</c> = notices not yet sent, failed or deferred.</summary>
public sealed record DelayView(Guid DelayId, string SellerId, string ProductId, DateOnly NewShipDate, string Reason, string State, int Affected,
    int Notices, int Notified, int Failed, int Deferred, int Pending, DateTimeOffset CreatedAt, DateTimeOffset? FannedOutAt, DateTimeOffset? DoneAt);

/// <summary>
/// <c>POST /sellers/{sellerId}/products/{productId}/delays</c> and <c>GET /sellers/{sellerId}/delays/{delayId}</c>, with the
/// seller's own key. Declaring the same delay (product, date, reason) again answers with the same delay and tells nobody twice.
/// </summary>
public static class DelayEndpoints
{
    public static RouteGroupBuilder MapDelays(this RouteGroupBuilder sellers)
    {
        sellers.MapPost("/products/{productId}/delays", DeclareAsync).WithName("DeclareDelay").Accepts<DelayRequest>("application/json")
            .Produces<DelayView>(StatusCodes.Status202Accepted).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        sellers.MapGet("/delays/{delayId:guid}", GetAsync).WithName("GetDelay").Produces<DelayView>().ProducesProblem(StatusCodes.Status404NotFound);
        return sellers;
    }

    static async Task<IResult> DeclareAsync(string sellerId, string productId, HttpContext http, NpgsqlDataSource dataSource,
        IPublishEndpoint publisher, PipelineDbContext db, TimeProvider clock, ILoggerFactory loggers)
    {
        var (request, error) = await JsonBody.ReadAsync<DelayRequest>(http.Request, http.RequestAborted);
        if (error is not null)
        {
            return error;
        }

        var errors = new Dictionary<string, string[]>();
        if (request!.NewShipDate is null)
        {
            errors["newShipDate"] = ["Required: the new expected ship date (yyyy-mm-dd)."];
        }

        if (string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Length > 500)
        {
            errors["reason"] = ["Required: 1-500 characters; the shoppers read it."];
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var now = clock.GetUtcNow();
        await using var command = dataSource.CreateCommand("""
            WITH product AS (SELECT product_id FROM products WHERE product_id = $2 AND seller_id = $1),
                 inserted AS (
                    INSERT INTO delays (delay_id, seller_id, product_id, new_ship_date, reason, state, affected, notices, notified, failed, deferred, created_at)
                    SELECT $5, $1, product_id, $3, $4, 'Accepted', 0, 0, 0, 0, 0, $6 FROM product
                    ON CONFLICT (product_id, new_ship_date, reason) DO NOTHING
                    RETURNING delay_id, state)
            SELECT delay_id, state, true FROM inserted
            UNION ALL
            SELECT d.delay_id, d.state, false FROM delays d JOIN product p ON p.product_id = d.product_id
            WHERE d.new_ship_date = $3 AND d.reason = $4 AND NOT EXISTS (SELECT 1 FROM inserted)
            """);
        command.Parameters.AddWithValue(sellerId);
        command.Parameters.AddWithValue(productId);
        command.Parameters.AddWithValue(request.NewShipDate!.Value);
        command.Parameters.AddWithValue(request.Reason!.Trim());
        command.Parameters.AddWithValue(Guid.CreateVersion7());
        command.Parameters.AddWithValue(now);
        Guid delayId;
        string state;
        await using (var reader = await command.ExecuteReaderAsync(http.RequestAborted))
        {
            if (!await reader.ReadAsync(http.RequestAborted))
            {
                return Problems.NotFound($"Seller '{sellerId}' has no product '{productId}'.");
            }

            (delayId, state) = (reader.GetGuid(0), reader.GetString(1));
        }

        // A new delay, or one whose announcement did not get through last time: hand it to the business worker (confirmed by the broker).
        if (state == DelayStates.Accepted)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
                timeout.CancelAfter(TimeSpan.FromSeconds(5));
                await publisher.Publish(new DelayDeclared
                {
                    DelayId = delayId, SellerId = sellerId, ProductId = productId, NewShipDate = request.NewShipDate.Value,
                    Reason = request.Reason.Trim(), DeclaredAt = now,
                }, ctx =>
                {
                    ctx.MessageId = delayId;
                    ctx.Mandatory = true;
                }, timeout.Token);
            }
            catch (Exception e) when (e is not OperationCanceledException || !http.RequestAborted.IsCancellationRequested)
            {
                loggers.CreateLogger("OrderPipeline.Delays").LogError(e, "Delay {DelayId} stored but not announced", delayId);
                return Problems.Unavailable(http, $"Delay {delayId} is stored but could not be queued; declare it again to retry (nobody is told twice).");
            }
        }

        var view = await ViewAsync(db, sellerId, delayId, http.RequestAborted);
        return TypedResults.Accepted($"/sellers/{sellerId}/delays/{delayId}", view);
    }

    static async Task<IResult> GetAsync(string sellerId, Guid delayId, PipelineDbContext db, CancellationToken cancellationToken)
    {
        return await ViewAsync(db, sellerId, delayId, cancellationToken) is { } view
            ? TypedResults.Ok(view)
            : Problems.NotFound($"Seller '{sellerId}' has no delay {delayId}.");
    }

    static Task<DelayView?> ViewAsync(PipelineDbContext db, string sellerId, Guid delayId, CancellationToken cancellationToken) =>
        db.Delays.AsNoTracking().Where(d => d.DelayId == delayId && d.SellerId == sellerId)
            .Select(d => new DelayView(d.DelayId, d.SellerId, d.ProductId, d.NewShipDate, d.Reason, d.State, d.Affected, d.Notices, d.Notified, d.Failed,
                d.Deferred, d.Notices - d.Notified - d.Failed - d.Deferred, d.CreatedAt, d.FannedOutAt, d.DoneAt))
            .SingleOrDefaultAsync(cancellationToken);
}
