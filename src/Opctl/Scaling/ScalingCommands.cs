using System.CommandLine;
using static OrderPipeline.Opctl.ApiCommands;

namespace OrderPipeline.Opctl.Scaling;

/// <summary><c>opctl scaling ...</c>: what the known sales need, and the KEDA objects that scale for them (key with the <c>oncall</c> role).</summary>
public static class ScalingCommands
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var kit = new ApiCommands(output, error, "oncall");

        var plan = kit.Define("plan", "Upcoming and running sales: replicas per deployment and from when.", [], async (p, c, ct) =>
        {
            var value = await c.GetAsync("admin/scaling/plan", ct);
            await kit.Print(p, value, v => Table(output, ["SALE", "STATE", "SCALE FROM", "STARTS", "ENDS", "DEPLOYMENT", "PER SECOND", "REPLICAS"],
                v.GetProperty("sales").EnumerateArray().SelectMany(s => s.GetProperty("lanes").EnumerateArray().Select(l => new[]
                {
                    Text(s, "saleId"), Text(s, "state"), Time(s, "scaleFrom"), Time(s, "startsAt"), Time(s, "endsAt"), Text(l, "deployment"),
                    Text(l, "perSecond"), Text(l, "replicas"),
                }))));
        });

        var @namespace = new Option<string>("--namespace") { Description = "The namespace of the deployments.", DefaultValueFactory = _ => "orderpipeline" };
        var adminUrl = new Option<string>("--admin-url")
        {
            Description = "The admin host's address inside the cluster, polled for the surge signal.",
            DefaultValueFactory = _ => "http://admin.orderpipeline.svc:5084",
        };
        var keda = kit.Define("keda", "KEDA ScaledObjects for the plan (YAML for kubectl apply -f -): cron triggers per sale.", [@namespace, adminUrl],
            async (p, c, ct) =>
            {
                var value = await c.GetAsync("admin/scaling/plan", ct);
                await output.WriteAsync(KedaManifests.Render(value, p.GetValue(@namespace)!, p.GetValue(adminUrl)!));
            });

        var signal = kit.Define("signal", "Every intake's accept rate together, by lane (the broker's publish rates), and whether it signals a surge.", [], async (p, c, ct) =>
        {
            var value = await c.GetAsync("admin/scaling/signal", ct);
            await kit.Print(p, value, v =>
            {
                Table(output, ["LANE", "ACCEPTED/S (10 s)"], v.GetProperty("lanes").EnumerateObject().Select(l => new[] { l.Name, l.Value.GetDouble().ToString("F1") }));
                output.WriteLine($"surge: {Text(v, "surge")} (threshold {Text(v, "threshold")}/s); suggested replicas: intake {Text(v, "suggestedIntakeReplicas")}, business {Text(v, "suggestedBusinessReplicas")}");
            });
        });

        return kit.Group("scaling", "Scaling for known sales and unannounced surges.", plan, keda, signal);
    }
}
