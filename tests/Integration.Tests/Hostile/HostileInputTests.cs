using System.Collections.Concurrent;
using Xunit.Abstractions;

namespace OrderPipeline.Integration.Tests.Hostile;

/// <summary>
/// The generated corpus against the running API: every request a 4xx problem+json, none a 5xx, nothing published or written,
/// and the API ready throughout. <c>.ci/run</c> runs 2,000; the full corpus is one command (README, "Testing"):
/// <c>OP_HOSTILE_REQUESTS=10000 script/test --filter FullyQualifiedName~HostileInputTests</c> (<c>OP_HOSTILE_SEED</c> replays another seed).
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class HostileInputTests(PipelineFixture pipeline, ITestOutputHelper output)
{
    static int Count => int.TryParse(Environment.GetEnvironmentVariable("OP_HOSTILE_REQUESTS"), out var n) ? n : 2000;

    static int Seed => int.TryParse(Environment.GetEnvironmentVariable("OP_HOSTILE_SEED"), out var s) ? s : 20261130;

    [Fact]
    public async Task Every_hostile_request_gets_a_4xx_problem_and_nothing_is_published_or_written()
    {
        var targets = await TargetsAsync();
        var before = await SnapshotAsync(targets);
        var failures = new ConcurrentBag<string>();
        var answered = new ConcurrentDictionary<int, int>();
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, MaxConnectionsPerServer = 16 })
        {
            BaseAddress = pipeline.Api.BaseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };

        var corpus = new HostileCorpus(Seed, targets).Take(Count).ToList();
        await Parallel.ForEachAsync(corpus, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (hostile, cancellationToken) =>
        {
            try
            {
                using var response = await http.SendAsync(Request(hostile), cancellationToken);
                var status = (int)response.StatusCode;
                answered.AddOrUpdate(status, 1, (_, n) => n + 1);
                if (status is < 400 or >= 500 || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                {
                    failures.Add($"{hostile} -> {status} {response.Content.Headers.ContentType} {Shorten(await response.Content.ReadAsStringAsync(cancellationToken))}");
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                failures.Add($"{hostile} -> no answer: {e.Message}");
            }

            if (hostile.Index % 500 == 499 && !(await http.GetAsync("/health/ready", cancellationToken)).IsSuccessStatusCode)
            {
                failures.Add($"after #{hostile.Index}: the API is not ready");
            }
        });

        output.WriteLine($"seed {Seed}, {corpus.Count} requests: " + string.Join(", ", answered.OrderBy(a => a.Key).Select(a => $"{a.Key} x{a.Value}")));
        Assert.True(failures.IsEmpty, $"seed {Seed}: {failures.Count} of {corpus.Count} failed, e.g.\n" + string.Join("\n", failures.Take(20)));
        Assert.True((await http.GetAsync("/health/ready")).IsSuccessStatusCode, "the API is not ready after the corpus");
        Assert.Equal(before, await SnapshotAsync(targets));
        Assert.True(corpus.Select(c => c.Case.Split(' ')[0]).Distinct().Count() >= 15, "the corpus covers fewer cases than it should");
    }

    static HttpRequestMessage Request(HostileRequest hostile)
    {
        var request = new HttpRequestMessage(hostile.Method, hostile.Path);
        if (hostile.Body is not null)
        {
            request.Content = new ByteArrayContent(hostile.Body);
            if (hostile.ContentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", hostile.ContentType);
            }
        }

        foreach (var (name, value) in hostile.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    async Task<HostileTargets> TargetsAsync()
    {
        var seller = OrderApi.Unique("hostile");
        var product = OrderApi.Unique("target");
        await pipeline.PutProductAsync(seller, product, 1000m, 7);
        var orderId = await OrderApi.SubmitAsync(pipeline.Http, OrderApi.Order(OrderApi.Unique("c"), product, 1));
        await OrderApi.WaitForStatusAsync(pipeline.Http, orderId, "Confirmed");
        return new HostileTargets(seller, product, await KeyAsync(seller), await KeyAsync(OrderApi.Unique("other")), orderId);
    }

    async Task<string> KeyAsync(string seller)
    {
        using var response = await pipeline.AdminHttp.SendAsync(DeadLetters.AdminApi.Request(HttpMethod.Post, $"/admin/sellers/{seller}/api-keys", PipelineFixture.SellerAdminKey));
        return (await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }

    /// <summary>Everything a hostile request could have changed: what was published, the target product, webhooks, delays, keys.</summary>
    async Task<string> SnapshotAsync(HostileTargets targets) => string.Join(" | ",
        $"published {await pipeline.PublishedOrdersAsync()}",
        await pipeline.Database.ScalarAsync<string>("SELECT name || ';' || unit_price || ';' || stock || ';' || coalesce(ship_date::text, '') FROM products WHERE product_id = @productId", new { productId = targets.ProductId }),
        $"products {await pipeline.Database.ScalarAsync<long>("SELECT count(*) FROM products")}",
        $"webhooks {await pipeline.Database.ScalarAsync<long>("SELECT count(*) FROM seller_webhooks")}",
        $"delays {await pipeline.Database.ScalarAsync<long>("SELECT count(*) FROM delays")}",
        $"keys {await pipeline.Database.ScalarAsync<long>("SELECT count(*) FROM seller_api_keys")}",
        $"orders of the shopper {await pipeline.Database.ScalarAsync<long>("SELECT count(*) FROM orders WHERE customer_id = 'hostile-shopper'")}");

    static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
