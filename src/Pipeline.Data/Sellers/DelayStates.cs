namespace OrderPipeline.Data.Sellers;

public static class DelayStates
{
    public const string Accepted = "Accepted";
    /// <summary>Orders being marked, in committed slices; the notices of each slice go out while later ones are marked.</summary>
    public const string Marking = "Marking";
    public const string FanningOut = "Fanning out";
    public const string Done = "Done";
}
