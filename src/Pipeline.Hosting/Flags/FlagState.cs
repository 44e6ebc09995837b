using System.Collections.Frozen;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace OrderPipeline.Hosting.Flags;

public sealed record FlagState(string Name, bool Enabled, int? RolloutPercentage, long Version);
