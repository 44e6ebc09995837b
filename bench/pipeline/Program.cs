using System.CommandLine;
using System.Globalization;
using OrderPipeline.Bench.Pipeline;
using OrderPipeline.Bench.Pipeline.Baseline;
using OrderPipeline.Bench.Pipeline.Report;
using OrderPipeline.Bench.Pipeline.Scenarios;

// Issue 7's benchmark: throughput, latency and spike absorption of the whole pipeline, next to this machine's ceilings
// measured in the same run. Run it through bench/pipeline/run.sh, which gives it its own database and vhost.
var settings = BenchSettings.FromEnvironment();
Machine.Root = settings.Root;

var seconds = new Option<double>("--seconds") { Description = "Length of each measured run (the steady phase for spike).", DefaultValueFactory = _ => 10 };
var connections = new Option<string>("--connections") { Description = "Connection counts, comma-separated.", DefaultValueFactory = _ => "64,256" };
var rates = new Option<string>("--rates") { Description = "Arrival rates per second, comma-separated, tried in order.", DefaultValueFactory = _ => "1000,2500,5000" };
var rate = new Option<double>("--rate") { Description = "The modest rate before and after the spike.", DefaultValueFactory = _ => 300 };
var factor = new Option<double>("--factor") { Description = "How many times the modest rate the spike is.", DefaultValueFactory = _ => 10 };
var spikeSeconds = new Option<double>("--spike-seconds") { DefaultValueFactory = _ => 10 };
var afterSeconds = new Option<double>("--after-seconds") { DefaultValueFactory = _ => 30 };
var openConnections = new Option<int>("--max-connections") { Description = "Connection pool of the open-model load.", DefaultValueFactory = _ => 256 };

var baseline = new Command("baseline", "Scenario 1: the ceilings (HTTP alone, raw confirmed publish over HTTP, raw consume).") { seconds, connections };
baseline.SetAction(async r =>
{
    await BaselineScenario.RunAsync(settings, Ints(r.GetValue(connections)!), TimeSpan.FromSeconds(r.GetValue(seconds)));
    return 0;
});
var intake = new Command("intake", "Scenario 2: intake throughput and latency with the workers stopped, against the raw baseline.") { seconds, connections };
intake.SetAction(async r => await IntakeScenario.RunAsync(settings, Ints(r.GetValue(connections)!), TimeSpan.FromSeconds(r.GetValue(seconds))) ? 0 : 1);
var sustained = new Command("sustained", "Scenario 3: fixed arrival rates end to end; stops at the first rate not sustained.") { seconds, rates, openConnections };
sustained.SetAction(async r => await SustainedScenario.RunAsync(settings, Doubles(r.GetValue(rates)!), TimeSpan.FromSeconds(r.GetValue(seconds)), r.GetValue(openConnections)) ? 0 : 1);
var spike = new Command("spike", "Scenario 4: a modest rate, ten times that for a while, then the modest rate again.") { seconds, rate, factor, spikeSeconds, afterSeconds, openConnections };
spike.SetAction(async r => await SpikeScenario.RunAsync(settings, r.GetValue(rate), r.GetValue(factor), TimeSpan.FromSeconds(r.GetValue(seconds)),
    TimeSpan.FromSeconds(r.GetValue(spikeSeconds)), TimeSpan.FromSeconds(r.GetValue(afterSeconds)), r.GetValue(openConnections)) ? 0 : 1);
var admission = new Option<double>("--admission") { Description = "The sale's pace: orders decided per second.", DefaultValueFactory = _ => 200 };
var sale = new Command("sale", "Scenario 5: ordinary orders alone, then while a sale product is flooded at --factor times its pace; sold-out answers.")
    { seconds, rate, admission, factor, openConnections };
sale.SetAction(async r => await SaleScenario.RunAsync(settings, r.GetValue(rate), r.GetValue(admission), r.GetValue(factor),
    TimeSpan.FromSeconds(r.GetValue(seconds)), r.GetValue(openConnections)) ? 0 : 1);
var rounds = new Option<int>("--rounds") { Description = "How many off/on pairs.", DefaultValueFactory = _ => 2 };
var telemetry = new Command("telemetry", "The sustained scenario with OpenTelemetry off, then on (Telemetry__Enabled), alternating, in one run.")
    { seconds, rate, rounds, openConnections };
telemetry.SetAction(async r =>
{
    var ok = true;
    var reproduce = $"bench/pipeline/run.sh telemetry --rate {r.GetValue(rate)} --seconds {r.GetValue(seconds)} --rounds {r.GetValue(rounds)}";
    for (var round = 1; round <= r.GetValue(rounds); round++)
    {
        foreach (var enabled in new[] { false, true })
        {
            // The hosts the scenario starts take Telemetry__* from this process's environment (BenchPipeline).
            Environment.SetEnvironmentVariable("Telemetry__Enabled", enabled ? "true" : "false");
            ok &= await SustainedScenario.RunAsync(settings, [r.GetValue(rate)], TimeSpan.FromSeconds(r.GetValue(seconds)), r.GetValue(openConnections),
                $"telemetry {(enabled ? "on" : "off")} (round {round})", reproduce);
        }
    }

    return ok ? 0 : 1;
});
var killAt = new Option<double>("--kill-at") { Description = "Seconds into the load when the node is killed.", DefaultValueFactory = _ => 15 };
var node = new Option<int>("--node") { Description = "Which node (1-3) is killed.", DefaultValueFactory = _ => 1 };
var cluster = new Command("cluster", "Scenario 6: the 3-node cluster (rabbitmq/cluster.sh), one node killed under load; run by bench/cluster/run.sh.")
    { seconds, rate, killAt, node, openConnections };
cluster.SetAction(async r => await ClusterScenario.RunAsync(settings, r.GetValue(rate), TimeSpan.FromSeconds(r.GetValue(seconds)),
    TimeSpan.FromSeconds(r.GetValue(killAt)), r.GetValue(node), r.GetValue(openConnections)) ? 0 : 1);
var all = new Command("all", "Every scenario with the issue's parameters: baseline and intake (10 s at 64 and 256 connections), sustained (60 s), spike (60 + 10 + 30 s).");
all.SetAction(async _ =>
{
    var ok = await IntakeScenario.RunAsync(settings, [64, 256], TimeSpan.FromSeconds(10));
    await BaselineScenario.RunAsync(settings, [64, 256], TimeSpan.FromSeconds(10));
    ok &= await SustainedScenario.RunAsync(settings, [1000, 2500, 5000], TimeSpan.FromSeconds(60), 256);
    ok &= await SpikeScenario.RunAsync(settings, 300, 10, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), 256);
    return ok ? 0 : 1;
});
var mode = new Argument<string>("mode") { Description = "plain | raw" };
var port = new Argument<int>("port");
var serve = new Command("serve", "The baseline HTTP host (started by the baseline scenario).") { mode, port };
serve.Hidden = true;
serve.SetAction(async r =>
{
    await BaselineServer.RunAsync(r.GetValue(mode)!, r.GetValue(port), settings);
    return 0;
});

return await new RootCommand("OrderPipeline benchmarks (issue 7).") { baseline, intake, sustained, spike, sale, telemetry, cluster, all, serve }.Parse(args).InvokeAsync();

static int[] Ints(string list) => list.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();

static double[] Doubles(string list) => list.Split(',').Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
