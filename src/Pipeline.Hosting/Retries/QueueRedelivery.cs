namespace OrderPipeline.Hosting.Retries;

public sealed class QueueRedelivery
{
    public int[]? DelaysMs { get; set; }
}
