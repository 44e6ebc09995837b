using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OrderPipeline.Hosting.Telemetry;

namespace OrderPipeline.Hosting;

public static class PipelineHealth
{
    /// <summary>
    /// <c>/health/live</c>: the process answers. <c>/health/ready</c>: RabbitMQ (MassTransit's bus check) and
    /// PostgreSQL answer; a JSON body names each check so on-call sees which one failed. <c>/metrics</c>: Prometheus' scrape.
    /// </summary>
    public static IEndpointRouteBuilder MapPipelineHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains("ready"),
            ResponseWriter = WriteAsync,
        });
        app.MapPipelineMetrics();
        return app;
    }

    static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new { status = e.Value.Status.ToString(), description = e.Value.Description, error = e.Value.Exception?.Message }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}
