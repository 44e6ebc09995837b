namespace OrderPipeline.Notify.Providers;

/// <summary>The seller's host already has as many requests in flight as it may: the message waits its turn in a retry queue.</summary>
public sealed class SellerHostBusyException(string host)
    : Exception($"Seller webhook host {host} has its limit of requests in flight"), OrderPipeline.Hosting.Retries.IClassifiedFault
{
    public bool Permanent => false;

    public bool Isolated => true;

    public bool Deferred => true;
}
