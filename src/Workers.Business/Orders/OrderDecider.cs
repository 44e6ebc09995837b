using OrderPipeline.Contracts;

namespace OrderPipeline.Business.Orders;

/// <summary>
/// Prices an order and reserves its stock, all lines or none. Pure: the caller holds the row locks and
/// writes the outcome. Orders are decided one after another against the same products, so the running
/// stock in <see cref="StockedProduct.Stock"/> is what the next order sees.
/// </summary>
public static class OrderDecider
{
    public const string InvalidOrder = "InvalidOrder";
    public const string TotalTooLarge = "TotalTooLarge";

    /// <summary>orders.total is numeric(20,4): a larger total would fail the whole batch's insert.</summary>
    public const decimal MaxTotal = 9_999_999_999_999_999m;

    /// <param name="pricing">The pricing rule for this order (<see cref="Pricing.V1"/> or <see cref="Pricing.V2"/>).</param>
    public static Decision Decide(SubmitOrder order, IReadOnlyDictionary<string, StockedProduct> products, string pricing = Pricing.V1)
    {
        if (!IsWellFormed(order))
        {
            return new Reject(order, InvalidOrder);
        }

        var lines = new List<PricedOrderLine>(order.Items.Count);
        foreach (var item in order.Items)
        {
            if (!products.TryGetValue(item.ProductId, out var product))
            {
                return new Reject(order, RejectionReasons.UnknownProduct);
            }

            if (!string.Equals(product.SellerId, order.SellerId, StringComparison.Ordinal))
            {
                return new Reject(order, RejectionReasons.MixedSellers);
            }

            lines.Add(new PricedOrderLine
            {
                ProductId = product.ProductId, Name = product.Name, Quantity = item.Quantity,
                UnitPrice = Pricing.UnitPrice(pricing, product.UnitPrice, item.Quantity),
            });
        }

        var currency = products[order.Items[0].ProductId].Currency;
        if (order.Items.Any(i => !string.Equals(products[i.ProductId].Currency, currency, StringComparison.Ordinal)))
        {
            return new Reject(order, RejectionReasons.MixedCurrencies);
        }

        var total = lines.Sum(l => l.UnitPrice * l.Quantity);
        if (total > MaxTotal)
        {
            return new Reject(order, TotalTooLarge);
        }

        if (order.Items.Any(i => products[i.ProductId].Stock < i.Quantity))
        {
            return new Reject(order, RejectionReasons.OutOfStock);
        }

        foreach (var item in order.Items)
        {
            var product = products[item.ProductId];
            product.Stock -= item.Quantity;
            product.Changed = true;
        }

        return new Confirm(order, lines, total, currency, pricing, order.Items.Max(i => products[i.ProductId].ShipDate));
    }

    /// <summary>The intake validated the order; this guards the database against a message from elsewhere.</summary>
    static bool IsWellFormed(SubmitOrder order) =>
        order.Items is { Count: >= 1 and <= 100 }
        && order.Items.All(i => i is { ProductId.Length: >= 1 and <= 64, Quantity: >= 1 and <= 1000 })
        && order.Items.Select(i => i.ProductId).Distinct(StringComparer.Ordinal).Count() == order.Items.Count
        && order is { OrderId.Length: >= 1 and <= 64, CustomerId.Length: >= 1 and <= 64, SellerId.Length: >= 1 and <= 64, RequestHash.Length: <= 64 }
        && order.Contact is not null
        && (order.Contact.Email?.Length ?? 0) <= 320
        && (order.Contact.Phone?.Length ?? 0) <= 32;
}
