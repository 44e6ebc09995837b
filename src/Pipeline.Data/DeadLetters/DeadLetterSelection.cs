using System.Text;
using Dapper;

namespace OrderPipeline.Data.DeadLetters;

/// <summary>
/// Which dead letters a bulk action (replay, discard) is about: an id list, or a filter such as a whole fingerprint
/// group. Bulk actions only ever touch rows that are still <c>New</c>, and at least one criterion is required so that
/// an empty request never means "everything".
/// </summary>
public sealed record DeadLetterSelection
{
    public const int MaxIds = 5_000;

    public long[]? Ids { get; init; }
    public string? Queue { get; init; }
    public string? MessageType { get; init; }
    public string? Fingerprint { get; init; }
    public string? OrderId { get; init; }
    public string? SellerId { get; init; }
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsEmpty => Ids is null && Queue is null && MessageType is null && Fingerprint is null && OrderId is null
        && SellerId is null && From is null && To is null;

    /// <summary>What is wrong with the selection, by field, or an empty dictionary.</summary>
    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (IsEmpty)
        {
            errors["selection"] = ["Give ids or at least one filter (queue, messageType, fingerprint, orderId, sellerId, from, to)."];
        }

        if (Ids is { Length: 0 or > MaxIds })
        {
            errors["ids"] = [$"1 to {MaxIds} ids."];
        }

        if (From is not null && To is not null && From >= To)
        {
            errors["to"] = ["Must be after from."];
        }

        return errors;
    }

    /// <summary>
    /// The SQL condition for rows of this selection that are still <c>New</c>, with its named parameters (<c>@selection_…</c>);
    /// the caller adds its own to them (<see cref="DynamicParameters.AddDynamicParams"/>).
    /// </summary>
    public (string Condition, DynamicParameters Parameters) ToSql()
    {
        var sql = new StringBuilder("status = 'New'");
        var parameters = new DynamicParameters();
        void Add(string column, string op, string name, object? value)
        {
            if (value is null)
            {
                return;
            }

            parameters.Add("selection_" + name, value);
            sql.Append(" AND ").Append(column).Append(op == "any" ? " = ANY(@selection_" + name + ")" : $" {op} @selection_{name}");
        }

        Add("id", "any", "ids", Ids);
        Add("queue", "=", "queue", Queue);
        Add("message_type", "=", "message_type", MessageType);
        Add("fingerprint", "=", "fingerprint", Fingerprint);
        Add("order_id", "=", "order_id", OrderId);
        Add("seller_id", "=", "seller_id", SellerId);
        Add("moved_at", ">=", "from", From);
        Add("moved_at", "<", "to", To);
        return (sql.ToString(), parameters);
    }
}
