namespace OrderPipeline.Data.DeadLetters;

public static class DeadLetterKinds
{
    /// <summary>Failed every retry; MassTransit moved it to the queue's <c>_error</c> queue with fault headers.</summary>
    public const string Faulted = "Faulted";
    /// <summary>Killed its consumer too often (process crash mid-message); the quorum queue's delivery limit dead-lettered it.</summary>
    public const string DeliveryLimit = "DeliveryLimit";
    /// <summary>No consumer on its queue takes its message type; MassTransit moved it to the queue's <c>_skipped</c> queue.</summary>
    public const string Skipped = "Skipped";
}
