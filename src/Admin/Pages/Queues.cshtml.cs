using OrderPipeline.Admin.Queues;

namespace OrderPipeline.Admin.Pages;

public sealed class QueuesModel(QueueBoard board) : PageModel
{
    public QueueBoardView Board { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken) => Board = await board.ReadAsync(cancellationToken);

    public static string State(QueueRow q) =>
        q.Missing ? "not declared"
        : q.StoppedBy.Count > 0 ? $"stopped by the kill switch ({string.Join(", ", q.StoppedBy)})"
        : q.PausedBy.Count > 0 ? $"paused by a flag ({string.Join(", ", q.PausedBy)})"
        : q.Kind == "work" && q.Consumers == 0 ? "no consumer"
        : "consuming";
}
