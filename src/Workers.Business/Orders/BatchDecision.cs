namespace OrderPipeline.Business.Orders;

/// <summary>What a batch decided, to tell once the transaction has committed.</summary>
/// <param name="Orders">For each order of the batch, at its index, its decision (now or earlier); null for an idempotency conflict.</param>
/// <param name="SellersWithWebhooks">The batch's sellers of confirmed orders that have a webhook.</param>
/// <param name="RejectedBy">The orders this batch rejected, by reason (<see cref="Rejected"/> in all).</param>
public sealed record BatchDecision(IReadOnlyList<DecidedOrder?> Orders, IReadOnlySet<string> SellersWithWebhooks, int Confirmed, int Rejected,
    int Duplicates, int Conflicts, IReadOnlyDictionary<string, int>? RejectedBy = null);
