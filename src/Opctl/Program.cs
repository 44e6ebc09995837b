using System.CommandLine;
using OrderPipeline.Opctl.Database;

// opctl: the operator's command line. `opctl db migrate` applies the schema (script/setup runs it).
var root = new RootCommand("OrderPipeline operations: database, and (later) dead letters and flags.")
{
    DatabaseCommands.Create(),
};
return await root.Parse(args).InvokeAsync();
