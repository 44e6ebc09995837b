using System.Text;
using System.Text.Json;

namespace OrderPipeline.Admin.DeadLetters;

public sealed record DeadLetterPage(IReadOnlyList<DeadLetterSummary> Items, string? NextCursor);
