using OrderPipeline.Data;
using Quartz;

namespace OrderPipeline.DeadLetter.DeadLetters;

public static class DeadLetterJobs
{
    /// <summary>
    /// The worker's Quartz jobs in one cluster over the shared PostgreSQL job store (each instance its own id; a job marked
    /// [DisallowConcurrentExecution] runs on one of them at a time): move dead letters out of the error queues, alert on-call,
    /// purge what was handled long ago.
    /// </summary>
    public static IHostApplicationBuilder AddDeadLetterJobs(this IHostApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(DeadLetterOptions.Section).Get<DeadLetterOptions>() ?? new DeadLetterOptions();
        builder.Services.AddQuartz(q =>
        {
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
        return builder;
    }
}
