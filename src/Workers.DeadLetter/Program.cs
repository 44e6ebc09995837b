using OrderPipeline.Data;
using OrderPipeline.DeadLetter.DeadLetters;
using OrderPipeline.Hosting;
using Quartz;

var builder = WebApplication.CreateBuilder(args);
builder.AddPipelineLogging();
builder.Services.AddOptions<DeadLetterOptions>().BindConfiguration(DeadLetterOptions.Section).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddOptions<RabbitMqOptions>().BindConfiguration(RabbitMqOptions.Section).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<DeadLetterStore>();
builder.Services.AddSingleton<ErrorQueueDrainer>();
builder.AddPipelineDatabase();
builder.AddPipelineBus(_ => { });

var interval = builder.Configuration.GetValue($"{DeadLetterOptions.Section}:{nameof(DeadLetterOptions.MoveIntervalSeconds)}", 5);
builder.Services.AddQuartz(q =>
{
    // One cluster over the shared PostgreSQL job store: each instance gets its own id, and a job marked
    // [DisallowConcurrentExecution] runs on one of them at a time.
    q.ConfigureScheduler(s =>
    {
        s.InstanceName = "orderpipeline-dead-letters";
        s.GenerateInstanceId = true;
    });
    q.UsePersistentStore(store =>
    {
        store.UsePostgres(builder.Configuration.GetConnectionString(PipelineDatabase.ConnectionStringName)!);
        store.UseClustering(c => c.CheckinInterval = TimeSpan.FromSeconds(5));
        store.UseSystemTextJsonSerializer(_ => { });
        store.ProvisionSchema();
    });
    q.AddJob<MoveDeadLettersJob>(j => j.WithIdentity(MoveDeadLettersJob.Key).StoreDurably());
    q.AddTrigger(t => t.ForJob(MoveDeadLettersJob.Key).WithIdentity("move-dead-letters-every-interval").StartNow()
        .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromSeconds(interval)).RepeatForever()));
});
builder.Services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);

var app = builder.Build();
app.MapPipelineHealth();
app.Run();
