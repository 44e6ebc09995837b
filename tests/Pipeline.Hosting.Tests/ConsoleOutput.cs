using Xunit;

namespace OrderPipeline.Hosting.Tests;

/// <summary>Tests that take the process's console run one at a time.</summary>
[CollectionDefinition(nameof(ConsoleOutput), DisableParallelization = true)]
public sealed class ConsoleOutput;
