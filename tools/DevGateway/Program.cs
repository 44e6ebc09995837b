using System.Text;

// A stand-in for the SMS/e-mail gateway and for sellers' webhooks when running the pipeline by hand:
// it answers 200 and logs one line per message, so the flow can be watched end to end.
var builder = WebApplication.CreateSlimBuilder(args);
builder.WebHost.UseUrls(builder.Configuration["Urls"] ?? "http://127.0.0.1:5090");
var app = builder.Build();
var log = app.Logger;

app.MapPost("/messages", async (HttpRequest request) =>
{
    var body = await new StreamReader(request.Body, Encoding.UTF8).ReadToEndAsync();
    log.LogInformation("gateway <- {Key}: {Body}", request.Headers["Idempotency-Key"].ToString(), body);
    return Results.Ok(new { accepted = true });
});
app.MapPost("/messages/bulk", async (HttpRequest request) =>
{
    using var document = await System.Text.Json.JsonDocument.ParseAsync(request.Body);
    var messages = document.RootElement.GetProperty("messages");
    // A templated bulk carries the text once ("{orderId}", "{orders}" filled from each message's fields).
    var text = document.RootElement.TryGetProperty("template", out var template) ? template.GetProperty("text").GetString()
        : messages.GetArrayLength() > 0 && messages[0].TryGetProperty("text", out var own) ? own.GetString() : "";
    log.LogInformation("gateway <- bulk of {Count}, first {Key}: {Text}", messages.GetArrayLength(),
        messages.GetArrayLength() > 0 ? messages[0].GetProperty("idempotencyKey").GetString() : "", text);
    return Results.Ok(new { accepted = messages.GetArrayLength() });
});
app.MapPost("/webhooks/{sellerId}", async (string sellerId, HttpRequest request) =>
{
    var body = await new StreamReader(request.Body, Encoding.UTF8).ReadToEndAsync();
    log.LogInformation("webhook {SellerId} <- {Event} {Signature}: {Body}", sellerId,
        request.Headers["X-OrderPipeline-Event"].ToString(), request.Headers["X-OrderPipeline-Signature"].ToString(), body);
    return Results.Ok();
});
app.Run();
