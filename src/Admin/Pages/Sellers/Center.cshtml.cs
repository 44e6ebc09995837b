using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using OrderPipeline.Admin.Console;
using OrderPipeline.Admin.Sellers;
using OrderPipeline.Data;
using OrderPipeline.Data.Catalogue;
using OrderPipeline.Data.Sellers;

namespace OrderPipeline.Admin.Pages.Sellers;

/// <summary>
/// A seller's products and stock, webhook (with a test send), live feed and delays. What changes anything goes through the
/// intake's seller API with the signed-in key (<see cref="IntakeClient"/>): the console can do no more than the key can.
/// </summary>
public sealed class CenterModel(PipelineDbContext db, IntakeClient intake, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public string SellerId { get; set; } = "";

    public IReadOnlyList<Product> Products { get; private set; } = [];
    public IReadOnlyList<Delay> Delays { get; private set; } = [];
    public string? WebhookUrl { get; private set; }

    /// <summary>The feed's latest events, shown at once; the live stream adds what comes after them.</summary>
    public IReadOnlyList<SellerEvent> Recent { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Products = await db.Products.AsNoTracking().Where(p => p.SellerId == SellerId).OrderBy(p => p.ProductId).Take(500).ToListAsync(cancellationToken);
        var since = clock.GetUtcNow().AddDays(-30);
        Delays = await db.Delays.AsNoTracking().Where(d => d.SellerId == SellerId && d.CreatedAt > since).OrderByDescending(d => d.CreatedAt).Take(50)
            .ToListAsync(cancellationToken);
        Recent = await db.SellerEvents.AsNoTracking().Where(e => e.SellerId == SellerId).OrderByDescending(e => e.Id).Take(20).ToListAsync(cancellationToken);
        WebhookUrl = await db.SellerWebhooks.AsNoTracking().Where(w => w.SellerId == SellerId).Select(w => w.Url).SingleOrDefaultAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostDelayAsync(string? productId, DateOnly? newShipDate, string? reason, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(productId))
        {
            return Done("Choose a product.", failed: true);
        }

        var answer = await CallAsync(HttpMethod.Post, $"products/{Uri.EscapeDataString(productId)}/delays", new { newShipDate, reason }, cancellationToken);
        return answer.Ok
            ? Done($"Delay {answer.Body.GetProperty("delayId").GetString()} declared: {answer.Body.GetProperty("affected").GetInt32()} orders so far; progress shows below.")
            : Done($"Not declared: {answer.Problem()}", failed: true);
    }

    public async Task<IActionResult> OnPostWebhookAsync(string? url, string? secret, CancellationToken cancellationToken)
    {
        var answer = await CallAsync(HttpMethod.Put, "webhook", new { url, secret }, cancellationToken);
        return answer.Ok ? Done("Webhook saved.") : Done($"Not saved: {answer.Problem()}", failed: true);
    }

    public async Task<IActionResult> OnPostTestWebhookAsync(CancellationToken cancellationToken)
    {
        var answer = await CallAsync(HttpMethod.Post, "webhook/test", null, cancellationToken);
        if (!answer.Ok)
        {
            return Done($"Not sent: {answer.Problem()}", failed: true);
        }

        var delivered = answer.Body.GetProperty("delivered").GetBoolean();
        var status = answer.Body.GetProperty("status").GetInt32();
        var ms = answer.Body.GetProperty("milliseconds").GetInt64();
        return delivered
            ? Done($"Test event delivered: your endpoint answered {status} in {ms} ms.")
            : Done($"Test event not delivered: {answer.Body.GetProperty("error").GetString()}", failed: true);
    }

    /// <summary>One feed event as a line, as the page's script writes the live ones.</summary>
    public static string Describe(string type, string data)
    {
        using var json = System.Text.Json.JsonDocument.Parse(data);
        var e = json.RootElement;
        string? Text(string name) => e.TryGetProperty(name, out var v) && v.ValueKind != System.Text.Json.JsonValueKind.Null ? v.ToString() : null;
        return type == "order.confirmed"
            ? $"order {Text("orderId")} confirmed" + (Text("total") is { } total ? $" ({total} {Text("currency")})" : "")
            : $"{type} {Text("delayId")}" + (Text("notified") is { } told ? $": {told} of {Text("notices") ?? "?"} told" : "");
    }

    async Task<IntakeAnswer> CallAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        var key = await HttpContext.GetTokenAsync(ConsoleAuthentication.Scheme, ConsoleAuthentication.KeyToken) ?? "";
        return await intake.SendAsync(method, $"/sellers/{Uri.EscapeDataString(SellerId)}/{path}", key, body, cancellationToken);
    }

    LocalRedirectResult Done(string message, bool failed = false)
    {
        TempData["Message"] = message;
        TempData["Failed"] = failed;
        return LocalRedirect($"/sellers/{Uri.EscapeDataString(SellerId)}");
    }
}
