using System.Data.Common;

namespace OrderPipeline.Hosting.Messaging;

/// <summary>A dead letter as it is sent back: its original queue, body, headers and message id.</summary>
public sealed record ReplayRow(long Id, string Queue, byte[] Body, string Headers, string? MessageId, string? ContentType, string Fingerprint)
{
    /// <summary>The columns <see cref="Read"/> expects, in order.</summary>
    public const string Columns = "id, queue, body, headers::text, message_id, content_type, fingerprint";

    public static ReplayRow Read(DbDataReader reader) => new(reader.GetInt64(0), reader.GetString(1), reader.GetFieldValue<byte[]>(2),
        reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetString(6));
}
