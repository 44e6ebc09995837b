using System.Text;
using System.Text.Json.Nodes;
using OrderPipeline.Integration.Tests.Flags;

namespace OrderPipeline.Integration.Tests.Api;

/// <summary>
/// The OpenAPI documents against the running hosts. Each host's <c>.http</c> file is run top to bottom as a developer runs it
/// against <c>script/server</c> (later samples use earlier answers), so every documented operation is called with a valid request;
/// then each is called with an invalid one (no key where a key is needed, a broken JSON body, an id that does not exist). Every
/// answer must be one the document lists for that operation, with a body its schema accepts.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class DocumentedApiTests(PipelineFixture pipeline)
{
    /// <summary>Answers to a valid sample that are right though not 2xx: the sample's data decides (and the document lists them).</summary>
    static readonly HashSet<string> MayRefuse = new(StringComparer.Ordinal)
    {
        "POST /orders 400", // the sample of a bad order
        // A delay is corrected once all its shoppers are told; run straight after the declaration, it is still being told.
        "POST /sellers/{sellerId}/delays/{delayId}/corrections 409",
    };

    [Fact]
    public async Task Every_operation_answers_a_valid_and_an_invalid_request_as_its_document_says()
    {
        var intake = new ApiDocument("intake", await pipeline.Http.GetStringAsync("/openapi/v1.json"));
        var admin = new ApiDocument("admin", await pipeline.AdminHttp.GetStringAsync("/openapi/v1.json"));
        var problems = new List<string>();
        var called = new HashSet<string>(StringComparer.Ordinal);

        // The intake's samples first: they create the seller's product and an order that the admin samples then look at.
        var intakeRun = await RunAsync("src/Intake.Api/Intake.Api.http", intake, new()
        {
            ["api"] = pipeline.Api.BaseAddress.ToString().TrimEnd('/'), ["gateway"] = pipeline.Providers.GatewayUrl,
        }, called, problems);
        var orderId = intakeRun["submit"]?["orderId"]?.GetValue<string>() ?? throw new InvalidOperationException("the intake samples placed no order");

        // What on-call's samples work on: a failure group of dead letters, on a queue that exists and nothing consumes.
        var fingerprint = await SeedDeadLettersAsync(orderId, 200);
        var pricing = await pipeline.GetFlagAsync("Business.PricingV2");
        try
        {
            await RunAsync("src/Admin/Admin.http", admin, new() { ["admin"] = pipeline.Admin.BaseAddress.ToString().TrimEnd('/') }, called, problems);
            Assert.True(await pipeline.Database.ScalarAsync<long>("SELECT count(*) FROM dead_letters WHERE fingerprint = @fingerprint AND status <> 'New'", new { fingerprint }) >= 2,
                "the admin samples replayed and discarded none of the seeded dead letters");
        }
        finally
        {
            // The seeded group was seen last of all (see SeedDeadLettersAsync): gone, so no later test finds it first.
            await pipeline.Database.ExecuteAsync("DELETE FROM dead_letters WHERE fingerprint = @fingerprint", new { fingerprint });
            var (status, _) = await pipeline.SetAsync("Business.PricingV2", new
            {
                enabled = pricing.GetProperty("enabled").GetBoolean(), reason = "restored after the documented-API test",
                rolloutPercentage = pricing.TryGetProperty("rolloutPercentage", out var r) && r.ValueKind == JsonValueKind.Number ? r.GetInt32() : (int?)null,
            });
            Assert.Equal(HttpStatusCode.OK, status);
        }

        // Every documented operation was called by a sample, and answers an invalid request as documented too.
        foreach (var (document, http) in new[] { (intake, pipeline.Http), (admin, pipeline.AdminHttp) })
        {
            var host = document.Host;
            foreach (var (method, template) in document.Operations)
            {
                if (!called.Contains($"{host} {method} {template}"))
                {
                    problems.Add($"{host} {method} {template}: no sample called it");
                }

                await CheckInvalidAsync(http, document, method, template, problems);
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    async Task<Dictionary<string, JsonNode?>> RunAsync(string file, ApiDocument document, Dictionary<string, string> overrides,
        HashSet<string> called, List<string> problems)
    {
        var samples = new HttpSampleFile(Path.Combine(TestEnvironment.RepositoryRoot, file));
        foreach (var (name, value) in overrides)
        {
            samples.Variables[name] = value;
        }

        var host = document.Host;
        var responses = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        foreach (var sample in samples.Samples)
        {
            var url = new Uri(samples.Fill(sample.Url, responses));
            var template = document.Match(sample.Method, url.AbsolutePath);
            using var request = new HttpRequestMessage(new HttpMethod(sample.Method), url);
            string? contentType = null;
            foreach (var (name, value) in sample.Headers)
            {
                if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
                {
                    contentType = value;
                }
                else
                {
                    request.Headers.TryAddWithoutValidation(name, samples.Fill(value, responses));
                }
            }

            if (sample.Body is { } body)
            {
                request.Content = new StringContent(samples.Fill(body, responses), Encoding.UTF8, contentType ?? "application/json");
            }

            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            var status = (int)response.StatusCode;
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            // An event stream stays open: its answer is its status and content type.
            var text = mediaType == "text/event-stream" ? "" : await response.Content.ReadAsStringAsync();
            var what = $"{host} sample '{sample.Title}' ({sample.Method} {url.PathAndQuery})";
            if (template is null)
            {
                if (!url.AbsolutePath.StartsWith("/health", StringComparison.Ordinal))
                {
                    problems.Add($"{what}: no documented operation has this path");
                }

                continue;
            }

            called.Add($"{host} {sample.Method} {template}");
            if (status is < 200 or > 299 && !MayRefuse.Contains($"{sample.Method} {template} {status}"))
            {
                problems.Add($"{what}: a valid sample answered {status}: {text}");
            }

            if (document.Check(sample.Method, template, status, mediaType, text) is { } problem)
            {
                problems.Add($"{what}: {problem}");
            }

            if (sample.Name is { } named)
            {
                responses[named] = text.Length > 0 && mediaType?.Contains("json", StringComparison.Ordinal) == true ? JsonNode.Parse(text) : null;
            }
        }

        return responses;
    }

    /// <summary>No key where the operation needs one; else a broken JSON body; else an id that does not exist.</summary>
    static async Task CheckInvalidAsync(HttpClient http, ApiDocument document, string method, string template, List<string> problems)
    {
        var path = template.Replace("{id}", "999999999", StringComparison.Ordinal).Replace("{delayId}", Guid.Empty.ToString(), StringComparison.Ordinal);
        path = System.Text.RegularExpressions.Regex.Replace(path, @"\{[^}]+\}", "no-such-thing");
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        string kind;
        if (document.IsSecured(method, template))
        {
            kind = "without a key";
        }
        else if (document.TakesBody(method, template))
        {
            kind = "with a broken body";
            request.Content = new StringContent("{\"broken\": ", Encoding.UTF8, "application/json");
        }
        else
        {
            kind = "for something that does not exist";
        }

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync();
        if (status is >= 200 and <= 299)
        {
            problems.Add($"{method} {template} {kind}: answered {status}");
        }
        else if (status >= 500)
        {
            problems.Add($"{method} {template} {kind}: answered {status}: {text}");
        }

        if (document.Check(method, template, status, response.Content.Headers.ContentType?.MediaType, text) is { } problem)
        {
            problems.Add($"{method} {template} {kind}: {problem}");
        }
    }

    /// <summary>
    /// Dead letters of one order in one failure group, on a queue that exists and that nothing consumes; the group's fingerprint.
    /// Moved "in an hour", so the samples' first group (newest first) is this one whatever earlier tests left behind.
    /// </summary>
    async Task<string> SeedDeadLettersAsync(string orderId, int count)
    {
        const string Queue = "documented-api-sink";
        await using (var channel = await pipeline.Rabbit.CreateChannelAsync())
        {
            await channel.QueueDeclareAsync(Queue, durable: true, exclusive: false, autoDelete: false);
        }

        var fingerprint = Guid.NewGuid().ToString("N");
        await pipeline.Database.ExecuteAsync("""
            INSERT INTO dead_letters (dedupe_key, queue, source_queue, kind, message_type, message_id, order_id, body, content_type, headers,
                                      exception_type, exception_message, retry_count, first_failed_at, moved_at, fingerprint, status)
            SELECT @fingerprint || ':' || n, @queue, @queue || '_error', 'fault', 'urn:message:OrderPipeline.Contracts:SubmitOrder', gen_random_uuid()::text, @orderId,
                   convert_to('{"orderId":"' || @orderId || '"}', 'UTF8'), 'application/json', '{}'::jsonb,
                   'OrderPipeline.Tests.SeededException', 'seeded for the documented-API test', 3, now(), now() + interval '1 hour', @fingerprint, 'New'
            FROM generate_series(1, @count) AS n
            """, new { fingerprint, queue = Queue, orderId, count });
        return fingerprint;
    }
}
