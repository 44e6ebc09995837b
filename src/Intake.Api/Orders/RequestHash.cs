using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;

namespace OrderPipeline.Intake.Orders;

/// <summary>SHA-256 of the normalised order, so that a retry with reformatted JSON still counts as the same body.</summary>
public static class RequestHash
{
    /// <summary>
    /// The hash of <c>{"c":customer,"i":[{"p":product,"q":quantity},…],"e":email,"t":phone}</c> as System.Text.Json writes
    /// it by default, byte for byte what earlier releases hashed (the business worker compares it with the stored one), but
    /// written directly instead of serializing an anonymous object by reflection on every request.
    /// </summary>
    public static string Of(ValidOrder order)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("c", order.CustomerId);
            writer.WriteStartArray("i");
            foreach (var item in order.Items)
            {
                writer.WriteStartObject();
                writer.WriteString("p", item.ProductId);
                writer.WriteNumber("q", item.Quantity);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteString("e", order.Contact.Email);
            writer.WriteString("t", order.Contact.Phone);
            writer.WriteEndObject();
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));
    }
}
