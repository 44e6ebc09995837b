namespace OrderPipeline.Contracts;

/// <summary>The e-mails of a decision batch, for queue <c>notify-email</c>.</summary>
public record ShopperEmails
{
    public required IReadOnlyList<ShopperNotice> Notices { get; init; }
}
