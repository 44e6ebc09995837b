using OrderPipeline.Data;
using OrderPipeline.DeadLetter.DeadLetters;
using OrderPipeline.Hosting;
using OrderPipeline.Hosting.Messaging;
using Quartz;

var builder = WebApplication.CreateBuilder(args);
builder.AddPipelineHost();
builder.Services.AddOptions<DeadLetterOptions>().BindConfiguration(DeadLetterOptions.Section).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddOptions<RabbitMqOptions>().BindConfiguration(RabbitMqOptions.Section).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<DeadLetterStore>();
builder.Services.AddSingleton<ErrorQueueDrainer>();
builder.Services.AddSingleton<OnCallAlerter>();
builder.Services.AddSingleton<DeadLetterPurger>();
builder.Services.AddSingleton<DeadLetterReplay>();
builder.Services.AddHostedService<ReplayJobRunner>();
builder.Services.AddHttpClient(OnCallAlerter.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(10));
builder.AddPipelineDatabase();
builder.AddPipelineBus(_ => { });

var settings = builder.Configuration.GetSection(DeadLetterOptions.Section).Get<DeadLetterOptions>() ?? new DeadLetterOptions();
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
        .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromSeconds(settings.MoveIntervalSeconds)).RepeatForever()));
    q.AddJob<AlertOnCallJob>(j => j.WithIdentity(AlertOnCallJob.Key).StoreDurably());
    q.AddTrigger(t => t.ForJob(AlertOnCallJob.Key).WithIdentity("alert-on-call-every-interval").StartNow()
        .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromSeconds(settings.Alerts.CheckIntervalSeconds)).RepeatForever()));
    q.AddJob<PurgeDeadLettersJob>(j => j.WithIdentity(PurgeDeadLettersJob.Key).StoreDurably());
    q.AddTrigger(t => t.ForJob(PurgeDeadLettersJob.Key).WithIdentity("purge-dead-letters-every-interval").StartNow()
        .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromMinutes(settings.PurgeIntervalMinutes)).RepeatForever()));
});
builder.Services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);

var app = builder.Build();
app.MapPipelineHealth();
app.Run();
