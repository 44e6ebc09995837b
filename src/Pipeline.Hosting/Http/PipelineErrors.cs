using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Npgsql;
using OrderPipeline.Hosting.Retries;

namespace OrderPipeline.Hosting.Http;

/// <summary>
/// How every HTTP host answers an exception: never a 500 for what the client or a dependency did. A bad request keeps its
/// status, a value the database refused (SQLSTATE 22xxx/23xxx) is the request's fault (400), and an unreachable database or
/// service is a 503 the client may retry.
/// </summary>
public static class PipelineErrors
{
    public static IApplicationBuilder UsePipelineExceptionHandler(this IApplicationBuilder app) => app.UseExceptionHandler(new ExceptionHandlerOptions
    {
        StatusCodeSelector = e => e switch
        {
            BadHttpRequestException bad => bad.StatusCode,
            PostgresException postgres when Faults.IsDataError(postgres.SqlState) => StatusCodes.Status400BadRequest,
            NpgsqlException or TimeoutException or OperationCanceledException or HttpRequestException => StatusCodes.Status503ServiceUnavailable,
            _ => StatusCodes.Status500InternalServerError,
        },
    });
}
