namespace OrderPipeline.Hosting.Messaging;

/// <summary>Queue names that more than one host needs to know.</summary>
public static class PipelineQueues
{
    /// <summary>Accepted orders, consumed by the business worker, declared by the intake as well (see <see cref="PipelineBus"/>).</summary>
    public const string Orders = "orders";
}
