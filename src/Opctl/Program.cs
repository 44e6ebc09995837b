using OrderPipeline.Opctl;

// opctl: the operator's command line. `opctl db migrate` applies the schema (script/setup runs it);
// `opctl dead-letters ...` is on-call's triage over the admin API.
return await Cli.RunAsync(args, Console.Out, Console.Error);
