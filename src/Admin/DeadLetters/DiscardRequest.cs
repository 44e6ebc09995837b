using System.Text;
using System.Text.Json;

namespace OrderPipeline.Admin.DeadLetters;

public sealed record DiscardRequest(string? Reason);
