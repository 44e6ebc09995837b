using Quartz;

namespace OrderPipeline.DeadLetter.DeadLetters;

/// <summary>Checks for due alerts on one node of the Quartz cluster at a time.</summary>
[DisallowConcurrentExecution]
public sealed class AlertOnCallJob(OnCallAlerter alerter, ILogger<AlertOnCallJob> logger) : LoggedJob(logger, "Checking for on-call alerts")
{
    public static readonly JobKey Key = new("alert-on-call");

    protected override Task RunAsync(CancellationToken cancellationToken) => alerter.AlertAsync(cancellationToken);
}
