using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrderPipeline.Hosting.Telemetry;
using Xunit;

namespace OrderPipeline.Hosting.Tests;

/// <summary>Outside Development every log line is one JSON object with the trace and span id and the message's values (the order id).</summary>
[Collection(nameof(ConsoleOutput))]
public sealed class LoggingTests
{
    [Fact]
    public async Task Outside_development_a_line_about_an_order_is_json_with_its_trace_span_and_order_id()
    {
        var output = new StringWriter();
        var original = Console.Out;
        Console.SetOut(output);
        ActivityTraceId traceId;
        ActivitySpanId spanId;
        try
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
            builder.AddPipelineLogging();
            builder.AddPipelineTelemetry();
            // Disposed at the end of this block, which flushes the console logger.
            await using var app = builder.Build();
            using var listener = new ActivityListener
            {
                ShouldListenTo = s => s.Name == PipelineTelemetry.Source.Name,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            };
            ActivitySource.AddActivityListener(listener);
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("OrderPipeline.Test");
            using var span = PipelineTelemetry.Source.StartActivity("decide orders")!;
            (traceId, spanId) = (span.TraceId, span.SpanId);
            logger.LogWarning("Order {OrderId} refused as {Reason}", "ord_test", "IdempotencyConflict");
        }
        finally
        {
            Console.SetOut(original);
        }

        var line = Assert.Single(output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.Contains("ord_test", StringComparison.Ordinal));
        var json = JsonDocument.Parse(line).RootElement;
        Assert.Equal("Warning", json.GetProperty("LogLevel").GetString());
        Assert.Equal("Order ord_test refused as IdempotencyConflict", json.GetProperty("Message").GetString());
        Assert.Equal("ord_test", json.GetProperty("State").GetProperty("OrderId").GetString());
        var scope = Assert.Single(json.GetProperty("Scopes").EnumerateArray(), s => s.TryGetProperty("TraceId", out _));
        Assert.Equal(traceId.ToHexString(), scope.GetProperty("TraceId").GetString());
        Assert.Equal(spanId.ToHexString(), scope.GetProperty("SpanId").GetString());
    }
}

