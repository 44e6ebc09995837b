using System.Text.RegularExpressions;

namespace OrderPipeline.Integration.Tests.Console;

/// <summary>The console's sign-in, without a browser: unknown keys, and the limit on attempts per address.</summary>
[Collection(PipelineCollection.Name)]
public sealed partial class SignInTests(PipelineFixture pipeline)
{
    [Fact]
    public async Task An_unknown_key_is_refused_and_attempts_past_the_limit_get_429()
    {
        var admin = await pipeline.StartHostAsync("Admin", new Dictionary<string, string> { ["Console__SignInAttemptsPerMinute"] = "3" });
        using var http = new HttpClient(new HttpClientHandler { UseCookies = true, AllowAutoRedirect = false }) { BaseAddress = admin.BaseAddress };
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            // A real form each time (its antiforgery token and cookie), so only the key decides.
            var form = await http.GetStringAsync("/signin");
            var token = TokenPattern().Match(form).Groups[1].Value;
            using var attempt = await http.PostAsync("/signin", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["key"] = "not-a-key-" + i, ["__RequestVerificationToken"] = token,
            }));
            statuses.Add(attempt.StatusCode);
            if (i == 0)
            {
                Assert.Contains("That key is not known", await attempt.Content.ReadAsStringAsync(), StringComparison.Ordinal);
                Assert.DoesNotContain(attempt.Headers, h => h.Key == "Set-Cookie" && h.Value.Any(v => v.StartsWith("op_console=", StringComparison.Ordinal)));
            }
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], statuses);
        // Showing the form is not an attempt.
        using var page = await http.GetAsync("/signin");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
