namespace OrderPipeline.Hosting.Retries;

/// <summary>The work queues this host consumes and therefore needs retry queues for.</summary>
public sealed record RetryQueueNames(IReadOnlyList<string> Queues);
