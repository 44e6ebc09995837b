using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace OrderPipeline.Hosting;

public static class PipelineHost
{
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
