using System.Text;
using System.Text.Json;

namespace OrderPipeline.Admin.DeadLetters;

public sealed record GroupOwnerView(string Assignee, string AssignedBy, DateTimeOffset AssignedAt);
