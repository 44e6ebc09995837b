using System.ComponentModel.DataAnnotations;

namespace OrderPipeline.Intake.Sales;

/// <summary>Section <c>Intake:Sales</c>.</summary>
public sealed class SaleOptions
{
    public const string Section = "Intake:Sales";

    /// <summary>How often each instance reads the sales, their stock and how far their lines are decided: the most a sold-out door lags.</summary>
    [Range(50, 1000)] public int RefreshMilliseconds { get; set; } = 250;

    /// <summary>
    /// Places in line an instance takes from the database at a time (one query per block, never per order). A shopper's position is
    /// accurate to within this times the number of intake instances.
    /// </summary>
    [Range(1, 100_000)] public int TicketBlockSize { get; set; } = 100;

    /// <summary>Sale orders whose place this instance remembers for <c>GET /orders/{id}</c> (the oldest forgotten first).</summary>
    [Range(1000, 10_000_000)] public int RememberedTickets { get; set; } = 200_000;
}

/// <summary>Section <c>Intake:Scaling</c>: the scaling plan and the surge signal (README, "Scaling out").</summary>
public sealed class ScalingOptions
{
    public const string Section = "Intake:Scaling";

    /// <summary>How long before a sale starts its replicas should be up.</summary>
    [Range(0, 1440)] public int LeadMinutes { get; set; } = 60;

    /// <summary>Orders per second one intake instance accepts: 4,394-4,655/s measured (bench/README.md, pipeline intake).</summary>
    [Range(1, 1_000_000)] public int IntakeCapacityPerSecond { get; set; } = 4400;

    /// <summary>Orders per second one business worker decides: up to 4,294-4,309 decisions/s measured (bench/README.md, spike drain).</summary>
    [Range(1, 1_000_000)] public int BusinessCapacityPerSecond { get; set; } = 4300;

    /// <summary>Orders per second one notify worker tells: the intake drain went through to the notices at 2,855-3,252/s (bench/README.md).</summary>
    [Range(1, 1_000_000)] public int NotifyCapacityPerSecond { get; set; } = 2800;

    /// <summary>An instance accepting more than this per second (last 10 s) raises the scale-up signal.</summary>
    [Range(1, 1_000_000)] public int SurgeAcceptPerSecond { get; set; } = 2500;
}
