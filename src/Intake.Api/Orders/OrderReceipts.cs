using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace OrderPipeline.Intake.Orders;

/// <summary>
/// Order ids are receipts: <c>ord_</c> + 32 hex digits of id + 16 hex digits of HMAC over the id. The API
/// can tell a genuine receipt whose order is still in the queue (answer <c>Accepted</c>) from a forged or
/// mistyped one (404) without asking the database. With an idempotency key the id is derived from
/// (customer, key), so a retry on any instance, however late, names the same order.
/// </summary>
public sealed class OrderReceipts(string key)
{
    const string Prefix = "ord_";
    const int IdBytes = 16;
    const int TagBytes = 8;
    public const int Length = 4 + (IdBytes + TagBytes) * 2;

    readonly byte[] _key = Encoding.UTF8.GetBytes(key);

    public OrderReceipts(IOptions<IntakeOptions> options) : this(options.Value.ReceiptKey)
    {
    }

    /// <summary>A fresh receipt; UUIDv7 bytes so ids sort roughly by time.</summary>
    public string New() => Format(Guid.CreateVersion7().ToByteArray(bigEndian: true));

    public string ForIdempotencyKey(string customerId, string idempotencyKey)
    {
        var material = Encoding.UTF8.GetBytes($"idempotency\n{customerId}\n{idempotencyKey}");
        return Format(HMACSHA256.HashData(_key, material).AsSpan(0, IdBytes).ToArray());
    }

    public bool IsGenuine(string? receipt)
    {
        // Lower-case only: one spelling per receipt, so the database key and the receipt never disagree.
        if (receipt is null || receipt.Length != Length || !receipt.StartsWith(Prefix, StringComparison.Ordinal)
            || receipt.AsSpan(Prefix.Length).ContainsAnyInRange('A', 'F'))
        {
            return false;
        }

        Span<byte> raw = stackalloc byte[IdBytes + TagBytes];
        if (Convert.FromHexString(receipt.AsSpan(Prefix.Length), raw, out _, out var written) != System.Buffers.OperationStatus.Done
            || written != raw.Length)
        {
            return false;
        }

        var expected = Tag(raw[..IdBytes]);
        return CryptographicOperations.FixedTimeEquals(expected, raw[IdBytes..]);
    }

    string Format(byte[] id) => Prefix + Convert.ToHexStringLower(id) + Convert.ToHexStringLower(Tag(id));

    byte[] Tag(ReadOnlySpan<byte> id) => HMACSHA256.HashData(_key, id)[..TagBytes];
}
