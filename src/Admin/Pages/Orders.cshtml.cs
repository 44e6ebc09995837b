using OrderPipeline.Admin.Orders;

namespace OrderPipeline.Admin.Pages;

public sealed class OrdersModel(OrderLookup lookup) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? OrderId { get; set; }

    public OrderStory? Story { get; private set; }

    public OrderTimeline? Timeline => Story is null ? null : OrderTimeline.Of(Story);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        OrderId = string.IsNullOrWhiteSpace(OrderId) ? null : OrderId.Trim();
        Story = OrderId is null ? null : await lookup.FindAsync(OrderId, cancellationToken);
    }
}
