namespace OrderPipeline.Admin.DeadLetters;

public enum AssignOutcome
{
    Assigned,
    /// <summary>No dead letter has this fingerprint.</summary>
    NoSuchGroup,
    /// <summary>Someone else has the group; taking it over needs <c>takeOver: true</c>.</summary>
    TakenBySomeoneElse,
}
