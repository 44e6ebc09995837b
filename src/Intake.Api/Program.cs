using OrderPipeline.Hosting;
using OrderPipeline.Hosting.Http;
using OrderPipeline.Hosting.Security;
using OrderPipeline.Intake;
using OrderPipeline.Intake.Catalogue;
using OrderPipeline.Intake.Orders;
using OrderPipeline.Intake.Sales;
using OrderPipeline.Intake.Sellers;

// The intake: shoppers' orders (202 once durably queued) and sellers' products, webhooks, delays, sales and live feed.
var builder = WebApplication.CreateBuilder(args);
builder.AddPipelineHost();
builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = JsonBody.MaxBytes);
builder.Services.AddSingleton(TimeProvider.System);
builder.AddPipelineDatabase();
builder.AddIntakeBus();
builder.AddOrderIntake();
builder.AddCatalogue();
builder.AddSellers();
builder.AddSales();
builder.Services.AddApiKeyAuthentication();
builder.Services.AddProblemDetails();
builder.Services.AddPipelineOpenApi("OrderPipeline intake", "Shoppers submit orders; sellers manage products, webhooks, delays, sales and their live feed.",
    new Dictionary<string, string>
    {
        ["Orders"] = "Submit an order (202 once it is durably queued) and read its status.",
        ["Sellers"] = "A seller's products, webhook, delays, sales and event stream, with the seller's own key or a seller-admin key.",
    });

var app = builder.Build();
app.UsePipelineExceptionHandler();
app.UseStatusCodePages();
app.UsePrintableInput();
app.UseRateLimiter();
app.UseAuthorization();

app.MapOrders();
app.MapSellers();
app.MapPipelineHealth();
app.MapPipelineOpenApi(app.Environment);
app.Run();
