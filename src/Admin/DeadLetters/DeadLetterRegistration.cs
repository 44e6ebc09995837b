using OrderPipeline.Hosting.Messaging;

namespace OrderPipeline.Admin.DeadLetters;

public static class DeadLetterRegistration
{
    /// <summary>On-call's triage: one dead letter at a time, bulk jobs with their dry runs, group owners and notes; replays all go one way.</summary>
    public static IHostApplicationBuilder AddDeadLetterTriage(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DeadLetterReplay>();
        builder.Services.AddSingleton<DeadLetterTriage>();
        builder.Services.AddSingleton<DeadLetterBulk>();
        builder.Services.AddSingleton<DeadLetterOwnership>();
        return builder;
    }
}
