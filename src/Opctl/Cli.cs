using System.CommandLine;
using OrderPipeline.Opctl.Database;
using OrderPipeline.Opctl.DeadLetters;
using OrderPipeline.Opctl.Flags;
using OrderPipeline.Opctl.Orders;
using OrderPipeline.Opctl.Queues;
using OrderPipeline.Opctl.Scaling;
using OrderPipeline.Opctl.Sellers;

namespace OrderPipeline.Opctl;

public static class Cli
{
    /// <summary>Runs one command line, writing to the given writers (the console, or a test's buffers).</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var root = new RootCommand("OrderPipeline operations: database schema, dead-letter triage, feature flags, queues, orders, sellers and scaling for sales.")
        {
            DatabaseCommands.Create(),
            DeadLetterCommands.Create(output, error),
            FlagCommands.Create(output, error),
            ScalingCommands.Create(output, error),
            QueueCommands.Create(output, error),
            OrderCommands.Create(output, error),
            SellerCommands.Create(output, error),
        };
        return await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
    }
}
