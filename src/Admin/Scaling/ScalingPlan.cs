namespace OrderPipeline.Admin.Scaling;

public sealed record ScalingPlan(DateTimeOffset GeneratedAt, int LeadMinutes, int BaselineReplicas, IReadOnlyList<SalePlan> Sales);
