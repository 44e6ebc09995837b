namespace OrderPipeline.Intake.Orders;

public static class OrderEndpoints
{
    public static IEndpointRouteBuilder MapOrders(this IEndpointRouteBuilder app)
    {
        var orders = app.MapGroup("/orders").WithTags("Orders");
        orders.MapPost("/", SubmitOrderEndpoint.HandleAsync)
            .WithName("SubmitOrder")
            .Accepts<OrderRequest>("application/json")
            .Produces<OrderAccepted>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .RequireRateLimiting(OrderRateLimits.AddressPolicy);
        orders.MapGet("/{orderId}", GetOrderEndpoint.HandleAsync)
            .WithName("GetOrder")
            .Produces<OrderView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }
}
