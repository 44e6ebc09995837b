using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrderPipeline.Hosting.Telemetry;

namespace OrderPipeline.Hosting;

public static class PipelineHost
{
    /// <summary>
    /// What every host starts with: it refuses development secrets outside Development (<see cref="DevelopmentSecrets"/>),
    /// logs one line per event, traces and measures itself (<see cref="PipelineTelemetry"/>), and keeps Kestrel's limits deliberate
    /// (<see cref="HttpLimits"/>).
    /// </summary>
    public static WebApplicationBuilder AddPipelineHost(this WebApplicationBuilder builder)
    {
        DevelopmentSecrets.RefuseOutsideDevelopment(builder.Environment, builder.Configuration);
        builder.AddPipelineLogging();
        builder.AddPipelineTelemetry();
        builder.WebHost.ConfigureKestrel(kestrel => HttpLimits.Apply(kestrel.Limits, builder.Configuration));
        return builder;
    }

    /// <summary>
    /// Logging every host shares: outside Development one JSON object per line (the built-in formatter) with the trace and span id
    /// and every message template's values (an order's lines carry <c>OrderId</c>) for a log pipeline to index; in Development one
    /// readable line per event with a timestamp.
    /// </summary>
    public static WebApplicationBuilder AddPipelineLogging(this WebApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        if (!builder.Environment.IsDevelopment())
        {
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                o.UseUtcTimestamp = true;
            });
            return builder;
        }

        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.IncludeScopes = false;
            o.TimestampFormat = "HH:mm:ss.fff ";
            o.UseUtcTimestamp = true;
        });
        return builder;
    }
}
