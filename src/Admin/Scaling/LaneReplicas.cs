using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OrderPipeline.Data;
using OrderPipeline.Hosting.Messaging;
using OrderPipeline.Hosting.Security;
using OrderPipeline.Admin.Queues;
using OrderPipeline.Hosting;

namespace OrderPipeline.Admin.Scaling;

/// <summary>What one deployment needs for a sale: <c>replicas</c> = the baseline + ⌈<c>perSecond</c> / <c>capacityPerInstance</c>⌉.</summary>
public sealed record LaneReplicas(string Lane, string Deployment, int PerSecond, int CapacityPerInstance, int Replicas);
