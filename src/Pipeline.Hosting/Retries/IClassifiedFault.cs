namespace OrderPipeline.Hosting.Retries;

/// <summary>An exception that says whether retrying the same message could ever succeed, and whose failure it is.</summary>
public interface IClassifiedFault
{
    bool Permanent { get; }

    /// <summary>
    /// A failure of one target among many (one seller's webhook host), not of the queue's shared dependency: it never counts
    /// toward the queue's kill switch, and it skips the in-process retries (the message waits in a retry queue, holding no slot).
    /// </summary>
    bool Isolated => false;

    /// <summary>Not a failure of the message (its target is busy right now): parked for redelivery without using up an attempt.</summary>
    bool Deferred => false;
}
