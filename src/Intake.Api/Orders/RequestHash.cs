using System.Security.Cryptography;
using System.Text.Json;

namespace OrderPipeline.Intake.Orders;

/// <summary>SHA-256 of the normalised order, so that a retry with reformatted JSON still counts as the same body.</summary>
public static class RequestHash
{
    public static string Of(ValidOrder order)
    {
        var normal = new
        {
            c = order.CustomerId,
            i = order.Items.Select(i => new { p = i.ProductId, q = i.Quantity }),
            e = order.Contact.Email,
            t = order.Contact.Phone,
        };
        return Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(normal)));
    }
}
