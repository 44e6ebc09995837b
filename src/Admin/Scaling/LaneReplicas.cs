namespace OrderPipeline.Admin.Scaling;

/// <summary>What one deployment needs for a sale: <c>replicas</c> = the baseline + ⌈<c>perSecond</c> / <c>capacityPerInstance</c>⌉.</summary>
public sealed record LaneReplicas(string Lane, string Deployment, int PerSecond, int CapacityPerInstance, int Replicas);
