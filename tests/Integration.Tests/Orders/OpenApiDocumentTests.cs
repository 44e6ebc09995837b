using System.Diagnostics;
using System.Text.RegularExpressions;

namespace OrderPipeline.Integration.Tests.Orders;

/// <summary>The hosts' OpenAPI documents, as outside tools read them: an independent linter (Redocly CLI from npm) finds no error.</summary>
[Collection(PipelineCollection.Name)]
public sealed class OpenApiDocumentTests(PipelineFixture pipeline)
{
    [Theory]
    [InlineData("intake")]
    [InlineData("admin")]
    public async Task The_document_passes_an_independent_linter_and_declares_who_may_call_what(string host)
    {
        var http = host == "intake" ? pipeline.Http : pipeline.AdminHttp;
        var json = await http.GetStringAsync("/openapi/v1.json");
        var file = Path.Combine(Path.GetTempPath(), $"openapi-{host}-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, json);
        try
        {
            var (code, output) = await LintAsync(file);
            Assert.True(code == 0, output);
            Assert.Contains("valid", output, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            File.Delete(file);
        }

        // Every operation has a summary and says whether it needs a key: none for shoppers, X-Api-Key otherwise.
        var document = JsonDocument.Parse(json).RootElement;
        Assert.Equal("X-Api-Key", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey").GetProperty("name").GetString());
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                Assert.True(operation.Value.TryGetProperty("summary", out _), $"{operation.Name} {path.Name} has no summary");
                var security = operation.Value.GetProperty("security");
                var keyed = security.GetArrayLength() > 0;
                Assert.Equal(path.Name.StartsWith("/admin/", StringComparison.Ordinal) || path.Name.StartsWith("/sellers/", StringComparison.Ordinal), keyed);
            }
        }
    }

    [Theory]
    [InlineData("intake", "src/Intake.Api/Intake.Api.http")]
    [InlineData("admin", "src/Admin/Admin.http")]
    public async Task The_hosts_http_file_has_a_sample_for_every_documented_operation(string host, string samples)
    {
        var http = host == "intake" ? pipeline.Http : pipeline.AdminHttp;
        var document = JsonDocument.Parse(await http.GetStringAsync("/openapi/v1.json")).RootElement;
        // "PUT {{api}}/sellers/farm/products/apple-1" → ("PUT", "/sellers/farm/products/apple-1"), the query left off.
        var requests = File.ReadAllLines(Path.Combine(TestEnvironment.RepositoryRoot, samples))
            .Select(line => Regex.Match(line, @"^(GET|POST|PUT|PATCH|DELETE) \{\{\w+\}\}(/[^?\s]*)"))
            .Where(m => m.Success).Select(m => (Method: m.Groups[1].Value, Path: m.Groups[2].Value)).ToList();
        Assert.NotEmpty(requests);
        var missing = new List<string>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            // A template segment ({sellerId}) matches any one segment of a sample, a literal or a {{variable}} alike.
            var template = new Regex(
                "^" + Regex.Replace(Regex.Escape(path.Name.TrimEnd('/')), @"\\\{[^}]+}", "[^/]+") + "/?$");
            foreach (var operation in path.Value.EnumerateObject())
            {
                if (!requests.Any(r => string.Equals(r.Method, operation.Name, StringComparison.OrdinalIgnoreCase) && template.IsMatch(r.Path)))
                {
                    missing.Add($"{operation.Name.ToUpperInvariant()} {path.Name}");
                }
            }
        }

        Assert.True(missing.Count == 0, $"{samples} has no sample for: {string.Join(", ", missing)}");
    }

    static async Task<(int Code, string Output)> LintAsync(string file)
    {
        var tools = Path.Combine(TestEnvironment.RepositoryRoot, "tools", "openapi");
        var start = new ProcessStartInfo(Path.Combine(tools, "node_modules", ".bin", "redocly"), ["lint", file])
        {
            WorkingDirectory = tools, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        using var lint = Process.Start(start)!;
        var output = await lint.StandardOutput.ReadToEndAsync() + await lint.StandardError.ReadToEndAsync();
        await lint.WaitForExitAsync();
        return (lint.ExitCode, output);
    }
}
