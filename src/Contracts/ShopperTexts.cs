namespace OrderPipeline.Contracts;

/// <summary>The text messages of a decision batch, for queue <c>notify-sms</c>.</summary>
public record ShopperTexts
{
    public required IReadOnlyList<ShopperNotice> Notices { get; init; }
}
