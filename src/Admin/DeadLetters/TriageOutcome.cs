namespace OrderPipeline.Admin.DeadLetters;

public enum TriageOutcome
{
    Done,
    NotFound,
    /// <summary>The row is not <c>New</c> any more (already replayed or discarded).</summary>
    Conflict,
    /// <summary>The broker would not take the message back (its queue no longer exists); the row says why and stays <c>New</c>.</summary>
    Refused,
}
