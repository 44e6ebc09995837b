using OrderPipeline.Intake.Catalogue;

namespace OrderPipeline.Intake.Sellers;

public static class SellerEndpoints
{
    public static IEndpointRouteBuilder MapSellers(this IEndpointRouteBuilder app)
    {
        var sellers = app.MapGroup("/sellers/{sellerId}").WithTags("Sellers");
        sellers.MapPut("/products/{productId}", PutProductEndpoint.HandleAsync)
            .WithName("PutProduct")
            .Accepts<ProductRequest>("application/json")
            .Produces<ProductView>(StatusCodes.Status200OK)
            .Produces<ProductView>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        sellers.MapPut("/webhook", PutWebhookEndpoint.HandleAsync)
            .WithName("PutWebhook")
            .Accepts<WebhookRequest>("application/json")
            .Produces<WebhookView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return app;
    }
}
