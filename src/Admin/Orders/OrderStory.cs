using OrderPipeline.Data.DeadLetters;
using OrderPipeline.Data.Notifications;
using OrderPipeline.Data.Orders;
using OrderPipeline.Data.Sellers;

namespace OrderPipeline.Admin.Orders;

/// <summary>One order's whole story: the row and its items, what each channel told whom (and what the provider answered), its delays, its dead letters.</summary>
public sealed record OrderStory(Order Order, IReadOnlyList<Notification> Notifications, IReadOnlyList<Delay> Delays, IReadOnlyList<DeadLetter> DeadLetters);
