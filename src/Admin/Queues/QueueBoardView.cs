namespace OrderPipeline.Admin.Queues;

public sealed record QueueBoardView(DateTimeOffset At, IReadOnlyList<QueueRow> Queues, string? BrokerError);
