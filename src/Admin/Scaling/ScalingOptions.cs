using System.ComponentModel.DataAnnotations;

namespace OrderPipeline.Admin.Scaling;

/// <summary>Section <c>Admin:Scaling</c>: the scaling plan and the surge signal (README, "Scaling out").</summary>
public sealed class ScalingOptions
{
    public const string Section = "Admin:Scaling";

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
