namespace OrderPipeline.Bench.Pipeline.Verification;

/// <summary>What the verification found after a scenario. <see cref="Ok"/> only when every check holds.</summary>
public sealed record VerificationReport
{
    public required int Accepted { get; init; }
    /// <summary>Order ids that two 202 answers both carried.</summary>
    public required int DuplicateAccepted { get; init; }
    /// <summary>Accepted orders with no order row.</summary>
    public required IReadOnlyList<string> Missing { get; init; }
    /// <summary>Accepted orders whose row is not in a final state.</summary>
    public required IReadOnlyList<string> NotFinal { get; init; }
    public required int Confirmed { get; init; }
    public required int Rejected { get; init; }
    /// <summary>Orders of the run's products that no 202 announced (allowed only up to the number of unanswered requests).</summary>
    public required int Unannounced { get; init; }
    public required int Unanswered { get; init; }
    public required int Products { get; init; }
    /// <summary>Products where stock sold plus stock left differs from the stock at the start.</summary>
    public required IReadOnlyList<string> StockMismatches { get; init; }
    public required int NoticesOnce { get; init; }
    public required IReadOnlyList<string> NoticesMissing { get; init; }
    /// <summary>Notices that arrived more than once.</summary>
    public required IReadOnlyList<string> NoticesDuplicated { get; init; }
    /// <summary>Notices whose key names the wrong outcome for the order (a confirmation for a rejected order, or the reverse).</summary>
    public required IReadOnlyList<string> NoticesWrong { get; init; }

    public bool Ok => DuplicateAccepted == 0 && Missing.Count == 0 && NotFinal.Count == 0 && Unannounced <= Unanswered
                      && StockMismatches.Count == 0 && NoticesMissing.Count == 0 && NoticesDuplicated.Count == 0 && NoticesWrong.Count == 0;

    public override string ToString() =>
        $"{(Ok ? "ok" : "FAILED")}: {Accepted:N0} accepted, {Confirmed:N0} confirmed + {Rejected:N0} rejected; " +
        $"missing {Missing.Count}, not final {NotFinal.Count}, duplicate ids {DuplicateAccepted}, unannounced {Unannounced} (unanswered {Unanswered}); " +
        $"stock {Products - StockMismatches.Count}/{Products} products balance{Sample(StockMismatches)}; " +
        $"notices once {NoticesOnce:N0}, missing {NoticesMissing.Count}{Sample(NoticesMissing)}, duplicated {NoticesDuplicated.Count}{Sample(NoticesDuplicated)}, " +
        $"wrong kind {NoticesWrong.Count}{Sample(NoticesWrong)}";

    static string Sample(IReadOnlyList<string> items) => items.Count == 0 ? "" : $" (e.g. {string.Join(", ", items.Take(3))})";
}
