using OrderPipeline.Hosting;

// The dead-letter mover (a Quartz job draining every *_error queue into the dead_letters table) lands here;
// until then this host connects to the broker and the database and reports its health.
var builder = WebApplication.CreateBuilder(args);
builder.AddPipelineLogging();
builder.AddPipelineDatabase();
builder.AddPipelineBus(_ => { });

var app = builder.Build();
app.MapPipelineHealth();
app.Run();
