using System.Globalization;
using System.Text;
using System.Text.Json;

namespace OrderPipeline.Opctl.Scaling;

/// <summary>
/// KEDA <c>ScaledObject</c>s from the scaling plan (<c>GET /admin/scaling/plan</c>): one per deployment, with a cron trigger per
/// known sale that holds the plan's replicas from <c>scaleFrom</c> to <c>endsAt</c> (UTC), next to the trigger that scales it
/// the rest of the time (the queue's length for a worker; the surge signal for the intake). KEDA takes the highest trigger.
/// </summary>
public static class KedaManifests
{
    public const string RabbitMqAuthentication = "orderpipeline-rabbitmq";
    public const string SignalAuthentication = "orderpipeline-oncall-key";

    /// <param name="adminUrl">The admin host's address inside the cluster, for the surge signal.</param>
    public static string Render(JsonElement plan, string @namespace, string adminUrl)
    {
        var sales = plan.GetProperty("sales").EnumerateArray().ToList();
        var baseline = plan.TryGetProperty("baselineReplicas", out var b) ? b.GetInt32() : 1;
        var deployments = sales.SelectMany(s => s.GetProperty("lanes").EnumerateArray().Select(l => l.GetProperty("deployment").GetString()!))
            .Concat(["intake-api", "workers-business", "workers-notify"]).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var yaml = new StringBuilder();
        yaml.Append("# opctl scaling keda: generated ").Append(plan.GetProperty("generatedAt").GetString()).Append(" from ")
            .Append(sales.Count.ToString(CultureInfo.InvariantCulture)).Append(" known sale(s); apply again after a sale is declared or changed.\n");
        foreach (var deployment in deployments)
        {
            var windows = sales.Select(s => (Sale: s, Lane: s.GetProperty("lanes").EnumerateArray()
                .FirstOrDefault(l => l.GetProperty("deployment").GetString() == deployment))).Where(w => w.Lane.ValueKind == JsonValueKind.Object).ToList();
            var max = windows.Select(w => w.Lane.GetProperty("replicas").GetInt32()).DefaultIfEmpty(baseline).Max();
            yaml.Append("---\n")
                .Append("apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata:\n")
                .Append("  name: ").Append(deployment).Append("-sales\n")
                .Append("  namespace: ").Append(@namespace).Append('\n')
                .Append("  labels:\n    app.kubernetes.io/part-of: orderpipeline\n")
                .Append("spec:\n  scaleTargetRef:\n    name: ").Append(deployment).Append('\n')
                .Append("  minReplicaCount: ").Append(baseline.ToString(CultureInfo.InvariantCulture)).Append('\n')
                .Append("  maxReplicaCount: ").Append(Math.Max(max, baseline * 4).ToString(CultureInfo.InvariantCulture)).Append('\n')
                .Append("  triggers:\n");
            foreach (var (sale, lane) in windows)
            {
                yaml.Append("    # sale ").Append(sale.GetProperty("saleId").GetString()).Append(": ")
                    .Append(lane.GetProperty("perSecond").GetInt32().ToString(CultureInfo.InvariantCulture)).Append("/s on ")
                    .Append(lane.GetProperty("lane").GetString()).Append('\n')
                    .Append("    - type: cron\n      metadata:\n        timezone: Etc/UTC\n")
                    .Append("        start: \"").Append(Cron(sale.GetProperty("scaleFrom").GetDateTimeOffset())).Append("\"\n")
                    .Append("        end: \"").Append(Cron(sale.GetProperty("endsAt").GetDateTimeOffset())).Append("\"\n")
                    .Append("        desiredReplicas: \"").Append(lane.GetProperty("replicas").GetInt32().ToString(CultureInfo.InvariantCulture)).Append("\"\n");
            }

            if (deployment == "intake-api")
            {
                yaml.Append("    # an unannounced surge: every intake's accept rate together (GET /admin/scaling/signal); KEDA divides by the target per replica\n")
                    .Append("    - type: metrics-api\n      metadata:\n")
                    .Append("        url: \"").Append(adminUrl.TrimEnd('/')).Append("/admin/scaling/signal\"\n")
                    .Append("        valueLocation: \"acceptPerSecond\"\n        targetValue: \"2500\"\n        authMode: \"apiKey\"\n")
                    .Append("        keyParamName: \"X-Api-Key\"\n        method: \"header\"\n")
                    .Append("      authenticationRef:\n        name: ").Append(SignalAuthentication).Append('\n');
            }
            else
            {
                var queue = deployment == "workers-business" ? "orders-sale" : "notify-email";
                yaml.Append("    # the rest of the time: the backlog of its queue\n")
                    .Append("    - type: rabbitmq\n      metadata:\n        protocol: amqp\n        queueName: ").Append(queue).Append('\n')
                    .Append("        vhostName: orderpipeline\n        mode: QueueLength\n        value: \"5000\"\n")
                    .Append("      authenticationRef:\n        name: ").Append(RabbitMqAuthentication).Append('\n');
            }
        }

        yaml.Append("---\napiVersion: keda.sh/v1alpha1\nkind: TriggerAuthentication\nmetadata:\n  name: ").Append(RabbitMqAuthentication)
            .Append("\n  namespace: ").Append(@namespace)
            .Append("\nspec:\n  secretTargetRef:\n    - parameter: host\n      name: orderpipeline-secrets\n      key: rabbitmq-amqp-url\n")
            .Append("---\napiVersion: keda.sh/v1alpha1\nkind: TriggerAuthentication\nmetadata:\n  name: ").Append(SignalAuthentication)
            .Append("\n  namespace: ").Append(@namespace)
            .Append("\nspec:\n  secretTargetRef:\n    - parameter: apiKey\n      name: orderpipeline-secrets\n      key: oncall-api-key\n");
        return yaml.ToString();
    }

    /// <summary>A cron expression for one instant, to the minute (UTC). It would recur a year later: apply the plan again before then.</summary>
    public static string Cron(DateTimeOffset at)
    {
        var utc = at.UtcDateTime;
        return string.Create(CultureInfo.InvariantCulture, $"{utc.Minute} {utc.Hour} {utc.Day} {utc.Month} *");
    }
}
