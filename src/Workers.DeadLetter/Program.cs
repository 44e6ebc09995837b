using OrderPipeline.DeadLetter.DeadLetters;
using OrderPipeline.Hosting;
using OrderPipeline.Hosting.Messaging;

// The dead-letter worker: moves what failed for good into dead_letters, alerts on-call, runs replay jobs, purges old rows.
var builder = WebApplication.CreateBuilder(args);
builder.AddPipelineHost();
builder.Services.AddOptions<DeadLetterOptions>().BindConfiguration(DeadLetterOptions.Section).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddSingleton(TimeProvider.System);
builder.AddPipelineDatabase();
builder.AddPipelineBus(_ => { });
builder.Services.AddSingleton<DeadLetterStore>();
builder.Services.AddSingleton<ErrorQueueDrainer>();
builder.Services.AddSingleton<OnCallAlerter>();
builder.Services.AddHttpClient(OnCallAlerter.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(10));
builder.Services.AddSingleton<DeadLetterPurger>();
builder.Services.AddSingleton<DeadLetterReplay>();
builder.Services.AddHostedService<ReplayJobRunner>();
builder.AddDeadLetterJobs();

var app = builder.Build();
app.MapPipelineHealth();
app.Run();
