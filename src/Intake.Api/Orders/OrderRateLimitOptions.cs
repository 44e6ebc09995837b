using System.ComponentModel.DataAnnotations;

namespace OrderPipeline.Intake.Orders;

/// <summary>
/// Section <c>Intake:RateLimits</c>: token buckets on <c>POST /orders</c> per client address and per customer. On in the production
/// settings (<c>appsettings.json</c>), off in Development (what <c>script/server</c> and the benchmarks run). Past a bucket the
/// answer is 429 problem+json with <c>Retry-After</c>, before anything is published.
/// </summary>
public sealed class OrderRateLimitOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Orders per second one client address may post (many shoppers can share one address behind a carrier's NAT). Below 1 it is
    /// one order every 1/rate seconds (0.5: one every 2 s).
    /// </summary>
    [Range(0.001, 1_000_000)] public double PerAddressPerSecond { get; set; } = 100;

    [Range(1, 1_000_000)] public int PerAddressBurst { get; set; } = 200;

    /// <summary>Orders per second one customer may post, whatever their address (below 1: one every 1/rate seconds).</summary>
    [Range(0.001, 1_000_000)] public double PerCustomerPerSecond { get; set; } = 5;

    [Range(1, 1_000_000)] public int PerCustomerBurst { get; set; } = 20;
}
