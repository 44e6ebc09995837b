using System.ComponentModel.DataAnnotations;

namespace OrderPipeline.Intake.Sellers;

/// <summary>Limits on server-sent event streams, section <c>Intake:SellerStreams</c>.</summary>
public sealed class SellerStreamOptions
{
    /// <summary>Open streams one seller may hold on one instance (a browser tab or two, a dashboard, a script).</summary>
    [Range(1, 1000)] public int MaxPerSeller { get; set; } = 5;

    /// <summary>Open streams one instance holds in all.</summary>
    [Range(1, 100_000)] public int MaxTotal { get; set; } = 1000;
}
