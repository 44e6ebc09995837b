using System.Collections.Concurrent;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OrderPipeline.Integration.Tests.Infrastructure;

/// <summary>
/// A local OTLP/HTTP endpoint (<c>POST /v1/traces</c>, protobuf) standing in for a collector: the hosts export to it as they would
/// to a real one (<c>Telemetry:OtlpEndpoint</c>), and the test reads every span in memory. The wire format is read with
/// Google.Protobuf's <see cref="CodedInputStream"/> (only the fields a trace's shape needs: ids, parent, name, kind, links, the
/// service and the string attributes).
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    readonly WebApplication _app;
    readonly ConcurrentQueue<ReceivedSpan> _spans = new();

    OtlpReceiver(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    public string Endpoint => $"http://127.0.0.1:{Port}";

    public IReadOnlyList<ReceivedSpan> Spans => _spans.ToArray();

    /// <summary>The environment that makes a host export here at once (a batch every 100 ms).</summary>
    public Dictionary<string, string> HostEnvironment() => new()
    {
        ["Telemetry__OtlpEndpoint"] = Endpoint,
        ["Telemetry__OtlpProtocol"] = "http/protobuf",
        ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
        ["OTEL_METRIC_EXPORT_INTERVAL"] = "3600000",
    };

    public static async Task<OtlpReceiver> StartAsync()
    {
        var port = HostProcess.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new OtlpReceiver(app, port);
        app.MapPost("/v1/traces", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            foreach (var span in ReadRequest(body.ToArray()))
            {
                receiver._spans.Enqueue(span);
            }

            return Results.Bytes([], "application/x-protobuf");
        });
        app.MapPost("/v1/metrics", () => Results.Bytes([], "application/x-protobuf"));
        await app.StartAsync();
        return receiver;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    // ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
    static IEnumerable<ReceivedSpan> ReadRequest(byte[] bytes)
    {
        var spans = new List<ReceivedSpan>();
        foreach (var resourceSpans in Fields(bytes).Where(f => f.Number == 1))
        {
            // ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; }
            var fields = Fields(resourceSpans.Bytes!).ToList();
            var resource = fields.Where(f => f.Number == 1).Select(f => Attributes(Fields(f.Bytes!).Where(a => a.Number == 1))).FirstOrDefault() ?? [];
            var service = resource.GetValueOrDefault("service.name") ?? "";
            foreach (var scopeSpans in fields.Where(f => f.Number == 2))
            {
                // ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2; }
                foreach (var span in Fields(scopeSpans.Bytes!).Where(f => f.Number == 2))
                {
                    spans.Add(ReadSpan(service, span.Bytes!));
                }
            }
        }

        return spans;
    }

    // Span { trace_id = 1; span_id = 2; parent_span_id = 4; name = 5; kind = 6; start_time_unix_nano = 7; attributes = 9; links = 13; }
    static ReceivedSpan ReadSpan(string service, byte[] bytes)
    {
        var fields = Fields(bytes).ToList();
        string Hex(int number) => fields.FirstOrDefault(f => f.Number == number)?.Bytes is { Length: > 0 } b ? Convert.ToHexStringLower(b) : "";
        var links = fields.Where(f => f.Number == 13).Select(f =>
        {
            var link = Fields(f.Bytes!).ToList();
            return new ReceivedLink(Convert.ToHexStringLower(link.First(l => l.Number == 1).Bytes!), Convert.ToHexStringLower(link.First(l => l.Number == 2).Bytes!));
        }).ToList();
        return new ReceivedSpan(service, Hex(1), Hex(2), Hex(4), fields.FirstOrDefault(f => f.Number == 5)?.Text ?? "",
            (int)(fields.FirstOrDefault(f => f.Number == 6)?.Number64 ?? 0), (long)(fields.FirstOrDefault(f => f.Number == 7)?.Number64 ?? 0),
            Attributes(fields.Where(f => f.Number == 9)), links);
    }

    // KeyValue { string key = 1; AnyValue value = 2; }  AnyValue { string string_value = 1; bool = 2; int64 = 3; ... }
    static Dictionary<string, string> Attributes(IEnumerable<Field> keyValues)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var keyValue in keyValues)
        {
            var fields = Fields(keyValue.Bytes!).ToList();
            var key = fields.FirstOrDefault(f => f.Number == 1)?.Text;
            var value = fields.FirstOrDefault(f => f.Number == 2)?.Bytes is { } any ? Fields(any).FirstOrDefault() : null;
            if (key is not null && value is not null)
            {
                attributes[key] = value.Bytes is not null ? value.Text! : value.Number64.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return attributes;
    }

    sealed record Field(int Number, byte[]? Bytes, ulong Number64)
    {
        public string? Text => Bytes is null ? null : System.Text.Encoding.UTF8.GetString(Bytes);
    }

    static IEnumerable<Field> Fields(byte[] bytes)
    {
        var input = new CodedInputStream(bytes);
        var fields = new List<Field>();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            var number = WireFormat.GetTagFieldNumber(tag);
            switch (WireFormat.GetTagWireType(tag))
            {
                case WireFormat.WireType.LengthDelimited:
                    fields.Add(new Field(number, input.ReadBytes().ToByteArray(), 0));
                    break;
                case WireFormat.WireType.Varint:
                    fields.Add(new Field(number, null, input.ReadUInt64()));
                    break;
                case WireFormat.WireType.Fixed64:
                    fields.Add(new Field(number, null, input.ReadFixed64()));
                    break;
                case WireFormat.WireType.Fixed32:
                    fields.Add(new Field(number, null, input.ReadFixed32()));
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        return fields;
    }
}

/// <summary>One exported span: the service that sent it, its ids (hex), its parent's span id (empty for a root) and its links.</summary>
public sealed record ReceivedSpan(string Service, string TraceId, string SpanId, string ParentSpanId, string Name, int Kind, long StartUnixNano,
    IReadOnlyDictionary<string, string> Attributes, IReadOnlyList<ReceivedLink> Links);

public sealed record ReceivedLink(string TraceId, string SpanId);
