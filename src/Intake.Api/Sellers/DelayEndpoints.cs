using Microsoft.EntityFrameworkCore;
using Npgsql;
using OrderPipeline.Contracts;
using OrderPipeline.Data;
using OrderPipeline.Data.Sellers;
using OrderPipeline.Hosting.Http;

namespace OrderPipeline.Intake.Sellers;

/// <summary>
/// <c>POST /sellers/{sellerId}/products/{productId}/delays</c>, <c>POST /sellers/{sellerId}/delays/{delayId}/corrections</c> and
/// <c>GET /sellers/{sellerId}/delays/{delayId}</c>, with the seller's own key. Declaring the same delay (product, date, reason,
/// targets, grouping) or the same correction again answers with the same delay and tells nobody twice.
/// </summary>
public static class DelayEndpoints
{
    public static RouteGroupBuilder MapDelays(this RouteGroupBuilder sellers)
    {
        sellers.MapPost("/products/{productId}/delays", DeclareAsync).WithName("DeclareDelay").WithSummary("Declare a shipping delay of a product's open orders").Accepts<DelayRequest>("application/json")
            .Produces<DelayView>(StatusCodes.Status202Accepted).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        sellers.MapPost("/delays/{delayId:guid}/corrections", CorrectAsync).WithName("CorrectDelay").WithSummary("Correct a delay's date").Accepts<CorrectionRequest>("application/json")
            .Produces<DelayView>(StatusCodes.Status202Accepted).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        sellers.MapGet("/delays/{delayId:guid}", GetAsync).WithName("GetDelay").WithSummary("Read a delay and how far telling its shoppers has got").Produces<DelayView>().ProducesProblem(StatusCodes.Status404NotFound);
        return sellers;
    }

    static async Task<IResult> DeclareAsync(string sellerId, string productId, HttpContext http, NpgsqlDataSource dataSource,
        ConfirmedPublisher publisher, PipelineDbContext db, TimeProvider clock, ILoggerFactory loggers)
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

        if (request.PlacedFrom >= request.PlacedBefore)
        {
            errors["placedBefore"] = ["Must be after placedFrom: orders placed in [placedFrom, placedBefore) are delayed."];
        }

        if (request.ShipDateFrom > request.ShipDateTo)
        {
            errors["shipDateTo"] = ["Must be on or after shipDateFrom: orders whose ship date is in [shipDateFrom, shipDateTo] are delayed."];
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var now = clock.GetUtcNow();
        var declaration = new Declaration(request.NewShipDate!.Value, request.Reason!.Trim(), request.PlacedFrom?.ToUniversalTime(),
            request.PlacedBefore?.ToUniversalTime(), request.ShipDateFrom, request.ShipDateTo, null, request.GroupByShopper ?? false);
        return await StoreAndAnnounceAsync(http, sellerId, productId, declaration, dataSource, publisher, db, now, loggers) ??
               Problems.NotFound($"Seller '{sellerId}' has no product '{productId}'.");
    }

    /// <summary>
    /// A wrong date corrected: the orders the delay still holds (<c>Delayed</c> by it) move to the corrected date, and each of
    /// their shoppers is told once. The correction is a delay of its own (its own status resource and feed events) that
    /// <c>corrects</c> the first; it can itself be corrected. 409 until every notice of the delay has gone out (or failed).
    /// </summary>
    static async Task<IResult> CorrectAsync(string sellerId, Guid delayId, HttpContext http, NpgsqlDataSource dataSource,
        ConfirmedPublisher publisher, PipelineDbContext db, TimeProvider clock, ILoggerFactory loggers)
    {
        var (request, error) = await JsonBody.ReadAsync<CorrectionRequest>(http.Request, http.RequestAborted);
        if (error is not null)
        {
            return error;
        }

        var original = await db.Delays.AsNoTracking().Where(d => d.DelayId == delayId && d.SellerId == sellerId).SingleOrDefaultAsync(http.RequestAborted);
        if (original is null)
        {
            return Problems.NotFound($"Seller '{sellerId}' has no delay {delayId}.");
        }

        var errors = new Dictionary<string, string[]>();
        if (request!.NewShipDate is null)
        {
            errors["newShipDate"] = ["Required: the corrected ship date (yyyy-mm-dd)."];
        }
        else if (request.NewShipDate == original.NewShipDate)
        {
            errors["newShipDate"] = [$"The delay already says {original.NewShipDate:yyyy-MM-dd}: a correction needs another date."];
        }

        if (request.Reason is { } reason && (string.IsNullOrWhiteSpace(reason) || reason.Length > 500))
        {
            errors["reason"] = ["1-500 characters when given (the delay's reason otherwise); the shoppers read it."];
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        // Only a delay whose notices have all gone out (or failed) is corrected: a correction overtaking the notice it corrects
        // would reach a shopper first, and "not {date} as we told you" would not be true yet.
        if (original.State != DelayStates.Done)
        {
            var pending = original.Notices - original.Notified - original.Failed;
            return Problems.Status(StatusCodes.Status409Conflict, "Delay still being told",
                $"Delay {delayId} is '{original.State}' with {pending} notices not sent yet ({original.Deferred} deferred by quiet hours); " +
                $"correct it once it is '{DelayStates.Done}'.");
        }

        var declaration = new Declaration(request.NewShipDate!.Value, request.Reason?.Trim() ?? original.Reason, null, null, null, null, delayId,
            original.GroupByShopper);
        return await StoreAndAnnounceAsync(http, sellerId, original.ProductId, declaration, dataSource, publisher, db, clock.GetUtcNow(), loggers) ??
               Problems.NotFound($"Seller '{sellerId}' has no product '{original.ProductId}'.");
    }

    sealed record Declaration(DateOnly NewShipDate, string Reason, DateTimeOffset? PlacedFrom, DateTimeOffset? PlacedBefore, DateOnly? ShipDateFrom,
        DateOnly? ShipDateTo, Guid? Corrects, bool GroupByShopper);

    /// <summary>
    /// Stores the delay (or finds the same one declared before) and hands a new one, or one whose announcement did not get
    /// through last time, to the business worker (confirmed by the broker). Null when the seller has no such product.
    /// </summary>
    static async Task<IResult?> StoreAndAnnounceAsync(HttpContext http, string sellerId, string productId, Declaration declaration,
        NpgsqlDataSource dataSource, ConfirmedPublisher publisher, PipelineDbContext db, DateTimeOffset now, ILoggerFactory loggers)
    {
        var stored = await dataSource.QuerySingleOrDefaultAsync<(Guid DelayId, string State)?>("""
            WITH product AS (SELECT product_id FROM products WHERE product_id = @productId AND seller_id = @sellerId),
                 inserted AS (
                    INSERT INTO delays (delay_id, seller_id, product_id, new_ship_date, reason, placed_from, placed_before, ship_date_from, ship_date_to,
                                        corrects, group_by_shopper, state, affected, notices, notified, failed, deferred, next_chunk, created_at)
                    SELECT @delayId, @sellerId, product_id, @newShipDate, @reason, @placedFrom::timestamptz, @placedBefore::timestamptz,
                           @shipDateFrom::date, @shipDateTo::date, @corrects::uuid, @groupByShopper, 'Accepted', 0, 0, 0, 0, 0, 0, @now
                    FROM product
                    ON CONFLICT (product_id, new_ship_date, reason, placed_from, placed_before, ship_date_from, ship_date_to, corrects, group_by_shopper) DO NOTHING
                    RETURNING delay_id, state)
            SELECT delay_id, state FROM inserted
            UNION ALL
            SELECT d.delay_id, d.state FROM delays d JOIN product p ON p.product_id = d.product_id
            WHERE d.new_ship_date = @newShipDate AND d.reason = @reason AND d.placed_from IS NOT DISTINCT FROM @placedFrom::timestamptz AND d.placed_before IS NOT DISTINCT FROM @placedBefore::timestamptz
              AND d.ship_date_from IS NOT DISTINCT FROM @shipDateFrom::date AND d.ship_date_to IS NOT DISTINCT FROM @shipDateTo::date AND d.corrects IS NOT DISTINCT FROM @corrects::uuid
              AND d.group_by_shopper = @groupByShopper AND NOT EXISTS (SELECT 1 FROM inserted)
            """, new
        {
            sellerId, productId, newShipDate = declaration.NewShipDate, reason = declaration.Reason, delayId = Guid.CreateVersion7(), now,
            placedFrom = declaration.PlacedFrom, placedBefore = declaration.PlacedBefore, shipDateFrom = declaration.ShipDateFrom,
            shipDateTo = declaration.ShipDateTo, corrects = declaration.Corrects, groupByShopper = declaration.GroupByShopper,
        }, http.RequestAborted);
        if (stored is not var (delayId, state))
        {
            return null;
        }

        if (state == DelayStates.Accepted)
        {
            try
            {
                await publisher.PublishAsync(new DelayDeclared
                {
                    DelayId = delayId, SellerId = sellerId, ProductId = productId, NewShipDate = declaration.NewShipDate,
                    Reason = declaration.Reason, DeclaredAt = now,
                }, ctx => ctx.MessageId = delayId, http.RequestAborted);
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
                d.Deferred, d.Notices - d.Notified - d.Failed - d.Deferred, d.CreatedAt, d.FannedOutAt, d.DoneAt,
                d.PlacedFrom == null && d.PlacedBefore == null && d.ShipDateFrom == null && d.ShipDateTo == null
                    ? null : new DelayTargets(d.PlacedFrom, d.PlacedBefore, d.ShipDateFrom, d.ShipDateTo),
                d.Corrects, d.GroupByShopper))
            .SingleOrDefaultAsync(cancellationToken);
}
