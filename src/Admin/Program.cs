using OrderPipeline.Admin.ApiKeys;
using OrderPipeline.Admin.Console;
using OrderPipeline.Admin.DeadLetters;
using OrderPipeline.Admin.Flags;
using OrderPipeline.Admin.Orders;
using OrderPipeline.Admin.Queues;
using OrderPipeline.Admin.Scaling;
using OrderPipeline.Admin.Sellers;
using OrderPipeline.Hosting;
using OrderPipeline.Hosting.Http;

// The admin host: the operations console and the admin API (dead letters, flags, queues, orders, sellers' keys, scaling).
var builder = WebApplication.CreateBuilder(args);
builder.AddPipelineHost();
builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = JsonBody.MaxBytes);
builder.Services.AddSingleton(TimeProvider.System);
builder.AddPipelineDatabase();
builder.AddPipelineBus(_ => { });
builder.AddDeadLetterTriage();
builder.Services.AddSingleton<FlagSwitch>();
builder.Services.AddOptions<ScalingOptions>().BindConfiguration(ScalingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
builder.AddConsole();
builder.Services.AddProblemDetails();
builder.Services.AddPipelineOpenApi("OrderPipeline admin", "On-call's dead-letter triage, developers' feature flags, sellers' keys and the scaling plan.",
    new Dictionary<string, string>
    {
        ["Dead letters"] = "Failure groups, replay and discard (one, a group or a filter, dry run first), owners, notes.",
        ["Feature flags"] = "Kill switches: flip with a reason, see every instance acknowledge.",
        ["Seller keys"] = "Issue, list and revoke sellers' API keys.",
        ["Queues"] = "Every queue's depth, consumers and rates, and what paused or stopped it.",
        ["Orders"] = "An order's whole story: status, items, notifications, delays, dead letters.",
        ["Scaling"] = "Replicas known sales need, and the surge signal a KEDA metrics-API trigger polls.",
    });

var app = builder.Build();
app.UsePipelineExceptionHandler();
// The API answers problem details; a page a person opened answers with a page of the console.
app.UseWhen(http => ConsolePaths.IsPage(http.Request.Path), page => page.UseStatusCodePagesWithReExecute("/status/{0}"));
app.UseWhen(http => !ConsolePaths.IsPage(http.Request.Path), api => api.UseStatusCodePages());
app.UsePrintableInput();
app.UseStaticFiles();
// Routing after the status code pages, so that a re-executed /status/{code} is routed to its page.
app.UseRouting();
app.UseRateLimiter();
app.UseAuthentication();
app.UseAuthorization();

app.MapAdminSellerKeys();
app.MapAdminDeadLetters();
app.MapAdminFlags();
app.MapAdminScaling();
app.MapAdminQueues();
app.MapAdminOrders();
app.MapAdminSellerProducts();
app.MapConsoleLive();
app.MapRazorPages();
app.MapPipelineHealth();
app.MapPipelineOpenApi(app.Environment);
app.Run();
