using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace OrderPipeline.Hosting;

public static class PipelineHost
{
    /// <summary>
    /// What every host starts with: it refuses development secrets outside Development (<see cref="DevelopmentSecrets"/>),
    /// logs one line per event, and keeps Kestrel's limits deliberate (<see cref="HttpLimits"/>).
    /// </summary>
    public static WebApplicationBuilder AddPipelineHost(this WebApplicationBuilder builder)
    {
        DevelopmentSecrets.RefuseOutsideDevelopment(builder.Environment, builder.Configuration);
        builder.AddPipelineLogging();
        builder.WebHost.ConfigureKestrel(kestrel => HttpLimits.Apply(kestrel.Limits, builder.Configuration));
        return builder;
    }

    /// <summary>Logging every host shares: one line per event with a timestamp, order ids are in the message templates.</summary>
    public static WebApplicationBuilder AddPipelineLogging(this WebApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
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
