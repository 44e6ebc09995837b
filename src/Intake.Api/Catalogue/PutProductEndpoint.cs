using System.Text.RegularExpressions;
using MassTransit;
using Npgsql;
using OrderPipeline.Contracts;
using OrderPipeline.Data;
using OrderPipeline.Hosting.Http;

namespace OrderPipeline.Intake.Catalogue;

/// <summary>
/// <c>PUT /sellers/{sellerId}/products/{productId}</c>: create or replace a product and its stock. Product ids
/// are unique across sellers (an order line names only the product), so another seller's id is a 409.
/// </summary>
public static partial class PutProductEndpoint
{
    public const decimal MaxUnitPriceExclusive = 100_000_000_000_000m;

    public static RouteGroupBuilder MapProducts(this RouteGroupBuilder seller)
    {
        seller.MapPut("/products/{productId}", HandleAsync)
            .WithName("PutProduct").WithSummary("Create or replace a product")
            .Accepts<ProductRequest>("application/json")
            .Produces<ProductView>(StatusCodes.Status200OK)
            .Produces<ProductView>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return seller;
    }

    const string Upsert = """
        INSERT INTO products (product_id, seller_id, name, unit_price, currency, stock, updated_at, ship_date)
        VALUES (@productId, @sellerId, @name, @unitPrice, @currency, @stock, @now, @shipDate)
        ON CONFLICT (product_id) DO UPDATE
            SET name = excluded.name, unit_price = excluded.unit_price, currency = excluded.currency,
                stock = excluded.stock, updated_at = excluded.updated_at, ship_date = excluded.ship_date
            WHERE products.seller_id = excluded.seller_id
        RETURNING (xmax = 0) AS inserted
        """;

    public static async Task<IResult> HandleAsync(
        string sellerId, string productId, HttpContext http, NpgsqlDataSource dataSource, CatalogueCache catalogue,
        IPublishEndpoint publisher, TimeProvider clock, Sales.SaleBoard sales, ILoggerFactory loggers)
    {
        var (request, error) = await JsonBody.ReadAsync<ProductRequest>(http.Request, http.RequestAborted);
        if (error is not null)
        {
            return error;
        }

        var errors = Validate(sellerId, productId, request!);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var now = clock.GetUtcNow();
        var inserted = await dataSource.ExecuteScalarAsync<bool?>(Upsert, new
        {
            productId, sellerId, name = request!.Name, unitPrice = request.UnitPrice!.Value, currency = request.Currency,
            stock = request.Stock!.Value, now, shipDate = request.ShipDate,
        }, http.RequestAborted);
        if (inserted is null)
        {
            return Problems.Status(StatusCodes.Status409Conflict, "Product id taken",
                $"Product '{productId}' belongs to another seller; product ids are unique across sellers.");
        }

        var entry = new CatalogueEntry(productId, sellerId, request.Name!, request.UnitPrice.Value, request.Currency!, now);
        catalogue.Apply(entry);
        // A sold-out sale product restocked: this instance reopens the door at once, the others at their next read of the sales.
        sales.Restocked(productId, request.Stock.Value);
        await AnnounceAsync(entry, publisher, loggers, http.RequestAborted);

        var view = new ProductView(sellerId, productId, request.Name!, request.UnitPrice.Value, request.Currency!, request.Stock.Value, request.ShipDate);
        return inserted.Value
            ? TypedResults.Created($"/sellers/{sellerId}/products/{productId}", view)
            : TypedResults.Ok(view);
    }

    /// <summary>Tells every other intake instance. If this fails they catch up at their next full reload.</summary>
    static async Task AnnounceAsync(CatalogueEntry entry, IPublishEndpoint publisher, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await publisher.Publish(new ProductChanged
            {
                SellerId = entry.SellerId,
                ProductId = entry.ProductId,
                Name = entry.Name,
                UnitPrice = entry.UnitPrice,
                Currency = entry.Currency,
                ChangedAt = entry.ChangedAt,
            }, timeout.Token);
        }
        catch (Exception e)
        {
            loggers.CreateLogger(typeof(PutProductEndpoint))
                .LogWarning(e, "Product {ProductId} saved but the change event was not published; other instances reload periodically", entry.ProductId);
        }
    }

    internal static Dictionary<string, string[]> Validate(string sellerId, string productId, ProductRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (!Identifiers.IsValid(sellerId))
        {
            errors["sellerId"] = ["1-64 characters of A-Z, a-z, 0-9, '_' or '-'."];
        }

        if (!Identifiers.IsValid(productId))
        {
            errors["productId"] = ["1-64 characters of A-Z, a-z, 0-9, '_' or '-'."];
        }

        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 200)
        {
            errors["name"] = ["Required: 1-200 characters."];
        }

        // products.unit_price is numeric(18,4): 1e14 and above do not fit.
        if (request.UnitPrice is null or <= 0 || request.UnitPrice >= MaxUnitPriceExclusive || request.UnitPrice.Value.Scale > 4)
        {
            errors["unitPrice"] = ["Required: a positive amount below 100,000,000,000,000 with at most 4 decimals."];
        }

        if (request.Currency is null || !CurrencyPattern().IsMatch(request.Currency))
        {
            errors["currency"] = ["Required: an ISO 4217 code of 3 upper-case letters, such as KRW or USD."];
        }

        if (request.Stock is null or < 0)
        {
            errors["stock"] = ["Required: a whole number of 0 or more."];
        }

        return errors;
    }

    [GeneratedRegex("^[A-Z]{3}$", RegexOptions.CultureInvariant)]
    private static partial Regex CurrencyPattern();
}
