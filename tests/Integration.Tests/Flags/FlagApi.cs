namespace OrderPipeline.Integration.Tests.Flags;

/// <summary>The flags admin API as a developer uses it (development developer key).</summary>
public static class FlagApi
{
    public const string DeveloperKey = "dev-developer-key";

    public static async Task<(HttpStatusCode Status, JsonElement Body)> SetAsync(this PipelineFixture pipeline, string name, object body, string key = DeveloperKey)
    {
        using var response = await pipeline.AdminHttp.SendAsync(AdminApi.Request(HttpMethod.Put, $"/admin/flags/{name}", key, body));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    public static async Task<JsonElement> GetFlagAsync(this PipelineFixture pipeline, string name)
    {
        using var response = await pipeline.AdminHttp.SendAsync(AdminApi.Request(HttpMethod.Get, $"/admin/flags/{name}", DeveloperKey));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /admin/flags/{name}: {response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Flips a flag and waits until every live instance of <paramref name="services"/> has applied the flip; returns the flag.</summary>
    public static async Task<JsonElement> FlipAsync(this PipelineFixture pipeline, string name, bool enabled, string reason, int? rolloutPercentage = null,
        params string[] services)
    {
        var (status, body) = await pipeline.SetAsync(name, new { enabled, reason, rolloutPercentage });
        Assert.True(status == HttpStatusCode.OK, $"PUT {name}: {status} {body}\n{pipeline.HostOutput}");
        var version = body.GetProperty("version").GetInt64();
        return await Eventually.GetAsync(() => pipeline.GetFlagAsync(name), flag =>
        {
            var instances = flag.GetProperty("propagation").GetProperty("instances").EnumerateArray()
                .Where(i => services.Length == 0 || services.Contains(i.GetProperty("service").GetString())).ToList();
            return instances.Count > 0 && instances.All(i => i.GetProperty("appliedVersion").GetInt64() >= version)
                && services.All(s => instances.Any(i => i.GetProperty("service").GetString() == s));
        }, TimeSpan.FromSeconds(15), $"{name} version {version} applied by {string.Join(", ", services)}");
    }

    /// <summary>Ready messages waiting in a queue of this run's vhost.</summary>
    public static async Task<uint> ReadyInAsync(this PipelineFixture pipeline, string queue)
    {
        await using var channel = await pipeline.Rabbit.CreateChannelAsync();
        return (await channel.QueueDeclarePassiveAsync(queue)).MessageCount;
    }
}
