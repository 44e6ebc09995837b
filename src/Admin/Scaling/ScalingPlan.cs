using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OrderPipeline.Data;
using OrderPipeline.Hosting.Messaging;
using OrderPipeline.Hosting.Security;
using OrderPipeline.Admin.Queues;
using OrderPipeline.Hosting;

namespace OrderPipeline.Admin.Scaling;

public sealed record ScalingPlan(DateTimeOffset GeneratedAt, int LeadMinutes, int BaselineReplicas, IReadOnlyList<SalePlan> Sales);
