using System.CommandLine;
using OrderPipeline.Opctl.Database;
using OrderPipeline.Opctl.DeadLetters;

namespace OrderPipeline.Opctl;

public static class Cli
{
    /// <summary>Runs one command line, writing to the given writers (the console, or a test's buffers).</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var root = new RootCommand("OrderPipeline operations: database schema and dead-letter triage.")
        {
            DatabaseCommands.Create(),
            DeadLetterCommands.Create(output, error),
        };
        return await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
    }
}
