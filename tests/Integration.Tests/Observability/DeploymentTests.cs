using System.Diagnostics;
using System.Text.RegularExpressions;

namespace OrderPipeline.Integration.Tests.Observability;

/// <summary>
/// What runs the pipeline outside this machine is checked offline: every Kubernetes and KEDA manifest of <c>deploy/k8s</c> against
/// the published schemas, the probes and resources every host needs, the scalers every worker needs, and the compose file with the
/// broker's definitions kept in step with <c>script/setup</c>'s.
/// </summary>
public sealed partial class DeploymentTests
{
    static readonly string Root = Repository.Root;
    static readonly string K8s = Path.Combine(Root, "deploy", "k8s");

    [Fact]
    public async Task Every_manifest_the_kustomization_lists_is_valid_against_the_Kubernetes_and_KEDA_schemas()
    {
        var files = Resources();
        Assert.Equal(Directory.GetFiles(K8s, "*.yaml").Select(Path.GetFileName).Where(f => f != "kustomization.yaml").Order(), files.Order());
        var (exit, output) = await RunAsync("node", [Path.Combine(Root, "tools", "manifests", "validate.mjs"), .. files.Select(f => Path.Combine(K8s, f))]);
        Assert.True(exit == 0, output);
        Assert.Contains(" 0 invalid", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_host_has_probes_and_resources_and_every_worker_scales_on_its_queues_and_ahead_of_a_sale()
    {
        foreach (var host in new[] { "intake-api", "workers-business", "workers-notify", "workers-deadletter", "admin" })
        {
            var text = File.ReadAllText(Path.Combine(K8s, host + ".yaml"));
            Assert.Contains("kind: Deployment", text, StringComparison.Ordinal);
            foreach (var part in new[] { "path: /health/ready", "path: /health/live", "requests: { cpu:", "limits: { cpu:", "prometheus.io/path: /metrics" })
            {
                Assert.True(text.Contains(part, StringComparison.Ordinal), $"{host}: {part}");
            }
        }

        var keda = File.ReadAllText(Path.Combine(K8s, "keda.yaml"));
        var objects = keda.Split("\n---\n").Where(d => d.Contains("kind: ScaledObject", StringComparison.Ordinal))
            .ToDictionary(d => Target().Match(d).Groups[1].Value, d => d);
        Assert.Equal(["intake-api", "workers-business", "workers-notify"], objects.Keys.Order());
        foreach (var queue in new[] { "orders", "orders-sale" })
        {
            Assert.Contains($"queueName: {queue},", objects["workers-business"], StringComparison.Ordinal);
        }

        foreach (var queue in new[] { "notify-email", "notify-sms", "notify-webhook", "notify-delays" })
        {
            Assert.Contains($"queueName: {queue},", objects["workers-notify"], StringComparison.Ordinal);
        }

        Assert.All(objects.Values, o => Assert.Contains("- type: cron", o, StringComparison.Ordinal));
        Assert.Contains("/admin/scaling/signal", objects["intake-api"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_compose_file_is_valid_runs_every_host_and_its_broker_has_the_projects_policy()
    {
        var (exit, output) = await RunAsync("docker-compose", ["-f", Path.Combine(Root, "docker-compose.yml"), "config", "--services"]);
        Assert.True(exit == 0, output);
        Assert.Equal(["admin", "business", "deadletter", "devgateway", "intake", "migrate", "notify", "postgres", "rabbitmq"],
            output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order());

        var policy = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "rabbitmq", "delivery-limit-policy.json"))).RootElement;
        var definitions = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "deploy", "compose", "rabbitmq-definitions.json"))).RootElement;
        var loaded = Assert.Single(definitions.GetProperty("policies").EnumerateArray());
        foreach (var key in new[] { "name", "pattern", "apply-to" })
        {
            Assert.Equal(policy.GetProperty(key).GetString(), loaded.GetProperty(key).GetString());
        }

        Assert.Equal(policy.GetProperty("definition").GetRawText().Replace(" ", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal),
            loaded.GetProperty("definition").GetRawText().Replace(" ", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_metric_of_ours_the_dashboard_plots_is_one_the_code_records()
    {
        // Instrument names in the code ("orderpipeline.notify.provider.duration"), as Prometheus names them (dots to underscores).
        var recorded = Directory.GetFiles(Path.Combine(Root, "src"), "*.cs", SearchOption.AllDirectories)
            .SelectMany(f => Instrument().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value.Replace('.', '_')))
            .ToHashSet(StringComparer.Ordinal);
        var dashboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "deploy", "grafana", "orderpipeline-dashboard.json"))).RootElement;
        var plotted = dashboard.GetProperty("panels").EnumerateArray().SelectMany(p => p.GetProperty("targets").EnumerateArray())
            .SelectMany(t => Plotted().Matches(t.GetProperty("expr").GetString()!).Select(m => m.Value)).Distinct().ToList();
        Assert.True(plotted.Count >= 10, string.Join(", ", plotted));
        foreach (var name in plotted)
        {
            var bare = Suffixes().Replace(name, "");
            Assert.True(recorded.Contains(bare), $"the dashboard plots {name}, which no instrument records ({bare})");
        }
    }

    [GeneratedRegex("\"(orderpipeline\\.[a-z_.]+)\"")]
    private static partial Regex Instrument();

    [GeneratedRegex("orderpipeline_[a-z_]+")]
    private static partial Regex Plotted();

    [GeneratedRegex("(_seconds)?(_bucket|_total)?$")]
    private static partial Regex Suffixes();

    static List<string> Resources() => File.ReadAllLines(Path.Combine(K8s, "kustomization.yaml"))
        .Select(l => l.Trim()).Where(l => l.StartsWith("- ", StringComparison.Ordinal)).Select(l => l[2..]).ToList();

    static async Task<(int Exit, string Output)> RunAsync(string file, string[] arguments)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Root };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }

    [GeneratedRegex(@"scaleTargetRef: \{ name: ([a-z-]+) \}")]
    private static partial Regex Target();
}
