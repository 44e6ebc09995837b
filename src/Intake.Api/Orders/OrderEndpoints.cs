using Microsoft.OpenApi;

namespace OrderPipeline.Intake.Orders;

public static class OrderEndpoints
{
    public static IEndpointRouteBuilder MapOrders(this IEndpointRouteBuilder app)
    {
        var orders = app.MapGroup("/orders").WithTags("Orders");
        orders.MapPost("/", SubmitOrderEndpoint.HandleAsync)
            .WithName("SubmitOrder").WithSummary("Submit an order")
            .Accepts<OrderRequest>("application/json")
            .Produces<OrderAccepted>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .RequireRateLimiting(OrderRateLimits.AddressPolicy)
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                operation.Parameters ??= [];
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = "Idempotency-Key", In = ParameterLocation.Header, Required = false,
                    Description = "1-255 printable ASCII characters: the same key with the same body within the window answers with the same order; with another body, 422.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 255 },
                });
                return Task.CompletedTask;
            });
        orders.MapGet("/{orderId}", GetOrderEndpoint.HandleAsync)
            .WithName("GetOrder").WithSummary("Read an order's status (and its place in a sale's line)")
            .Produces<OrderView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }
}
