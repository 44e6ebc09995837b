namespace OrderPipeline.Integration.Tests.Orders;

/// <summary>Small helpers over the public contract, as an external client would call it.</summary>
public static class OrderApi
{
    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    public static object Order(string customerId, string productId, int quantity, string? email = "shopper@example.com", string? phone = null) => new
    {
        customerId,
        items = new[] { new { productId, quantity } },
        contact = new { email, phone },
    };

    public static async Task<string> SubmitAsync(HttpClient http, object order, string? idempotencyKey = null)
    {
        using var response = await PostAsync(http, order, idempotencyKey);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"expected 202, got {(int)response.StatusCode}: {body}");
        var orderId = JsonDocument.Parse(body).RootElement.GetProperty("orderId").GetString()!;
        Assert.Equal($"/orders/{orderId}", response.Headers.Location?.ToString());
        return orderId;
    }

    public static async Task<HttpResponseMessage> PostAsync(HttpClient http, object order, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/orders") { Content = JsonContent.Create(order) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await http.SendAsync(request);
    }

    public static async Task<JsonElement> GetAsync(HttpClient http, string orderId)
    {
        using var response = await http.GetAsync($"/orders/{orderId}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /orders/{orderId}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static Task<JsonElement> WaitForStatusAsync(HttpClient http, string orderId, params string[] statuses) =>
        Eventually.GetAsync(() => GetAsync(http, orderId), o => statuses.Contains(o.GetProperty("status").GetString()),
            TimeSpan.FromSeconds(30), $"order {orderId} to reach {string.Join("/", statuses)}");
}
