using System.Diagnostics;

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
