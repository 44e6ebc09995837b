using System.Text.Json;
using Dapper;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using OrderPipeline.Data;
using OrderPipeline.Data.Sales;
using OrderPipeline.Hosting.Http;

namespace OrderPipeline.Intake.Sales;

/// <summary>
/// <c>/sellers/{sellerId}/sales/{saleId}</c>: a seller (or a seller-admin) declares a flash sale, reads it, changes its pace or end
/// while it runs, and ends it early. While it runs its products' orders wait in the sale lane (ADR 9).
/// </summary>
public static class SaleEndpoints
{
    public const int MaxProducts = 100;
    public const int MaxPerSecond = 1_000_000;
    public static readonly TimeSpan MaxLength = TimeSpan.FromDays(31);

    public static RouteGroupBuilder MapSales(this RouteGroupBuilder seller)
    {
        seller.MapPut("/sales/{saleId}", PutAsync).WithName("PutSale").WithSummary("Declare or replace a flash sale").Accepts<SaleRequest>("application/json")
            .Produces<SaleView>(StatusCodes.Status200OK).Produces<SaleView>(StatusCodes.Status201Created).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        seller.MapGet("/sales/{saleId}", GetAsync).WithName("GetSale").WithSummary("Read a sale and its line").Produces<SaleView>().ProducesProblem(StatusCodes.Status404NotFound);
        seller.MapPatch("/sales/{saleId}", PatchAsync).WithName("PatchSale").WithSummary("Change a running sale's pace or end").Accepts<SalePatch>("application/json")
            .Produces<SaleView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        seller.MapDelete("/sales/{saleId}", EndAsync).WithName("EndSale").WithSummary("End a sale now").Produces<SaleView>().ProducesProblem(StatusCodes.Status404NotFound);
        return seller;
    }

    const string Upsert = """
        INSERT INTO sales (sale_id, seller_id, product_ids, starts_at, ends_at, expected_peak_per_second, admission_per_second, ended_at,
                           last_ticket, admitted_up_to, decided, pace_next, created_at, updated_at)
        VALUES (@saleId, @sellerId, @products, @startsAt, @endsAt, @expectedPeak, @admission::int, NULL, 0, 0, 0, @now, @now, @now)
        ON CONFLICT (sale_id) DO UPDATE
            SET product_ids = excluded.product_ids, starts_at = excluded.starts_at, ends_at = excluded.ends_at,
                expected_peak_per_second = excluded.expected_peak_per_second, admission_per_second = excluded.admission_per_second,
                ended_at = NULL, updated_at = excluded.updated_at
            WHERE sales.seller_id = excluded.seller_id
        RETURNING (xmax = 0) AS inserted
        """;

    static async Task<IResult> PutAsync(string sellerId, string saleId, HttpContext http, NpgsqlDataSource dataSource, PipelineDbContext db,
        SaleBoard board, TimeProvider clock)
    {
        var (request, error) = await JsonBody.ReadAsync<SaleRequest>(http.Request, http.RequestAborted);
        if (error is not null)
        {
            return error;
        }

        var now = clock.GetUtcNow();
        var errors = Validate(saleId, request!, now);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var products = request!.ProductIds!;
        await using var connection = await dataSource.OpenConnectionAsync(http.RequestAborted);
        await using var transaction = await connection.BeginTransactionAsync(http.RequestAborted);
        // Declarations are rare: one at a time, so two sales can never both take a product for the same hours.
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(hashtext('orderpipeline.sales'))", null, transaction,
            cancellationToken: http.RequestAborted));
        var stock = (await connection.QueryAsync<(string ProductId, int Stock)>(new CommandDefinition(
                "SELECT product_id, stock FROM products WHERE product_id = ANY(@products) AND seller_id = @sellerId", new { products, sellerId }, transaction,
                cancellationToken: http.RequestAborted)))
            .ToDictionary(p => p.ProductId, p => p.Stock, StringComparer.Ordinal);

        if (products.Except(stock.Keys, StringComparer.Ordinal).ToList() is { Count: > 0 } foreign)
        {
            return Problems.Validation(new() { ["productIds"] = [$"Not products of seller '{sellerId}': {string.Join(", ", foreign)}."] });
        }

        var overlapping = (await connection.QueryAsync<string>(new CommandDefinition("""
            SELECT sale_id FROM sales
            WHERE sale_id <> @saleId AND product_ids && @products AND ended_at IS NULL AND starts_at < @endsAt AND ends_at > @startsAt AND ends_at > @now
            """, new { saleId, products, startsAt = request.StartsAt!.Value, endsAt = request.EndsAt!.Value, now }, transaction,
            cancellationToken: http.RequestAborted))).AsList();
        if (overlapping.Count > 0)
        {
            return Problems.Status(StatusCodes.Status409Conflict, "Products already on sale",
                $"Sale '{string.Join("', '", overlapping)}' has some of these products in the same hours; a product is in one sale at a time.");
        }

        var inserted = await connection.ExecuteScalarAsync<bool?>(new CommandDefinition(Upsert, new
        {
            saleId, sellerId, products, startsAt = request.StartsAt.Value.ToUniversalTime(), endsAt = request.EndsAt.Value.ToUniversalTime(),
            expectedPeak = request.ExpectedPeakPerSecond!.Value, admission = request.AdmissionPerSecond, now = now.ToUniversalTime(),
        }, transaction, cancellationToken: http.RequestAborted));
        if (inserted is null)
        {
            return Problems.Status(StatusCodes.Status409Conflict, "Sale id taken",
                $"Sale '{saleId}' belongs to another seller; sale ids are unique across sellers.");
        }

        await transaction.CommitAsync(http.RequestAborted);
        var sale = await db.Sales.AsNoTracking().SingleAsync(s => s.SaleId == saleId, http.RequestAborted);
        // Routed by at once on this instance, sold-out products included; the others follow at their next read.
        board.Apply(Entry(sale), stock);
        var view = SaleView.Of(sale, now);
        return inserted.Value ? TypedResults.Created($"/sellers/{sellerId}/sales/{saleId}", view) : TypedResults.Ok(view);
    }

    static async Task<IResult> GetAsync(string sellerId, string saleId, PipelineDbContext db, TimeProvider clock, CancellationToken cancellationToken) =>
        await db.Sales.AsNoTracking().SingleOrDefaultAsync(s => s.SaleId == saleId && s.SellerId == sellerId, cancellationToken) is { } sale
            ? TypedResults.Ok(SaleView.Of(sale, clock.GetUtcNow()))
            : NotFound(sellerId, saleId);

    /// <summary>Applied by every business worker at its next batch (the pace is read with each reservation) and by every intake within a refresh.</summary>
    static async Task<IResult> PatchAsync(string sellerId, string saleId, HttpContext http, PipelineDbContext db, SaleBoard board, TimeProvider clock)
    {
        var (patch, error) = await JsonBody.ReadAsync<SalePatch>(http.Request, http.RequestAborted);
        if (error is not null)
        {
            return error;
        }

        var errors = new Dictionary<string, string[]>();
        int? admission = null;
        var admissionGiven = patch!.AdmissionPerSecond.ValueKind != JsonValueKind.Undefined;
        if (admissionGiven && patch.AdmissionPerSecond.ValueKind != JsonValueKind.Null)
        {
            if (patch.AdmissionPerSecond.ValueKind != JsonValueKind.Number || !patch.AdmissionPerSecond.TryGetInt32(out var value)
                || value is < 1 or > MaxPerSecond)
            {
                errors["admissionPerSecond"] = [$"A whole number of 1-{MaxPerSecond:N0} orders per second, or null for no pace."];
            }
            else
            {
                admission = value;
            }
        }

        if (!admissionGiven && patch.EndsAt is null)
        {
            errors["admissionPerSecond"] = ["Give admissionPerSecond and/or endsAt."];
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var sale = await db.Sales.SingleOrDefaultAsync(s => s.SaleId == saleId && s.SellerId == sellerId, http.RequestAborted);
        if (sale is null)
        {
            return NotFound(sellerId, saleId);
        }

        var now = clock.GetUtcNow();
        if (sale.StateAt(now) == SaleState.Ended)
        {
            return Problems.Status(StatusCodes.Status409Conflict, "Sale ended", $"Sale '{saleId}' has ended; declare it again with PUT to reopen it.");
        }

        if (patch.EndsAt is { } endsAt && (endsAt <= sale.StartsAt || endsAt <= now || endsAt - sale.StartsAt > MaxLength))
        {
            return Problems.Validation(new() { ["endsAt"] = [$"After startsAt and now, and at most {MaxLength.TotalDays} days after startsAt."] });
        }

        await using var transaction = await db.Database.BeginTransactionAsync(http.RequestAborted);
        if (admissionGiven)
        {
            // The slot already reserved at the old pace is rescaled to the new one (or given up when there is none), so a new
            // pace applies now, not once a reservation made at the old one has run out. Atomic with the workers' reservations.
            await db.Database.ExecuteSqlInterpolatedAsync($"""
                UPDATE sales SET admission_per_second = {admission},
                    pace_next = CASE WHEN pace_next > clock_timestamp() AND admission_per_second IS NOT NULL AND {admission}::int IS NOT NULL
                                     THEN clock_timestamp() + (pace_next - clock_timestamp()) * (admission_per_second::float8 / {admission}::int)
                                     ELSE least(pace_next, clock_timestamp()) END
                WHERE sale_id = {saleId}
                """, http.RequestAborted);
            // Written just now: the tracked row takes it as its stored value, so SaveChanges does not write it again.
            db.Entry(sale).Property(s => s.AdmissionPerSecond).OriginalValue = admission;
            sale.AdmissionPerSecond = admission;
        }

        sale.EndsAt = patch.EndsAt?.ToUniversalTime() ?? sale.EndsAt;
        sale.UpdatedAt = now;
        await db.SaveChangesAsync(http.RequestAborted);
        await transaction.CommitAsync(http.RequestAborted);
        board.Apply(Entry(sale));
        return TypedResults.Ok(SaleView.Of(sale, now));
    }

    /// <summary>
    /// Ends the sale now: new orders for its products go to the ordinary lane again (on every intake within a refresh); the orders
    /// already in its line are still decided in turn, at its pace.
    /// </summary>
    static async Task<IResult> EndAsync(string sellerId, string saleId, PipelineDbContext db, SaleBoard board, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var sale = await db.Sales.SingleOrDefaultAsync(s => s.SaleId == saleId && s.SellerId == sellerId, cancellationToken);
        if (sale is null)
        {
            return NotFound(sellerId, saleId);
        }

        var now = clock.GetUtcNow();
        if (sale.EndedAt is null)
        {
            sale.EndedAt = now;
            sale.UpdatedAt = now;
            await db.SaveChangesAsync(cancellationToken);
        }

        board.Apply(Entry(sale));
        return TypedResults.Ok(SaleView.Of(sale, now));
    }

    internal static Dictionary<string, string[]> Validate(string saleId, SaleRequest request, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        if (!Identifiers.IsValid(saleId))
        {
            errors["saleId"] = [Identifiers.Rule];
        }

        if (request.ProductIds is not { Length: >= 1 and <= MaxProducts } products)
        {
            errors["productIds"] = [$"Required: 1-{MaxProducts} of the seller's product ids."];
        }
        else if (products.Any(p => !Identifiers.IsValid(p)))
        {
            errors["productIds"] = ["Each: " + Identifiers.Rule];
        }
        else if (products.Distinct(StringComparer.Ordinal).Count() != products.Length)
        {
            errors["productIds"] = ["Each product once."];
        }

        if (request.StartsAt is null)
        {
            errors["startsAt"] = ["Required: when the doors open (an instant with its offset)."];
        }

        if (request.EndsAt is null)
        {
            errors["endsAt"] = ["Required: when the sale ends (an instant with its offset)."];
        }
        else if (request.StartsAt is { } starts && (request.EndsAt <= starts || request.EndsAt - starts > MaxLength))
        {
            errors["endsAt"] = [$"After startsAt, and at most {MaxLength.TotalDays} days after it."];
        }
        else if (request.EndsAt <= now)
        {
            errors["endsAt"] = ["In the future: a sale that has ended cannot be declared."];
        }

        if (request.ExpectedPeakPerSecond is not (>= 1 and <= MaxPerSecond))
        {
            errors["expectedPeakPerSecond"] = [$"Required: the orders per second expected at the peak, 1-{MaxPerSecond:N0}; the scaling plan sizes the workers by it."];
        }

        if (request.AdmissionPerSecond is < 1 or > MaxPerSecond)
        {
            errors["admissionPerSecond"] = [$"1-{MaxPerSecond:N0} orders per second, or leave it out for no pace."];
        }

        return errors;
    }

    internal static SaleEntry Entry(Sale s) =>
        new(s.SaleId, s.SellerId, s.ProductIds, s.StartsAt, s.EndsAt, s.EndedAt, s.AdmissionPerSecond, s.AdmittedUpTo, s.Decided);

    static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult NotFound(string sellerId, string saleId) => Problems.NotFound($"Seller '{sellerId}' has no sale '{saleId}'.");
}
