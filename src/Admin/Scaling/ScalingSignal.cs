namespace OrderPipeline.Admin.Scaling;

/// <summary>
/// The accept rate of every intake instance together, in all and by lane (the lanes' publish rates as the broker counts them over its
/// last sample interval), and whether it passed the surge threshold. <c>Instance</c> names where it was measured.
/// </summary>
public sealed record ScalingSignal(string Instance, DateTimeOffset At, double AcceptPerSecond, IReadOnlyDictionary<string, double> Lanes, int Threshold,
    bool Surge, int SuggestedIntakeReplicas, int SuggestedBusinessReplicas);
