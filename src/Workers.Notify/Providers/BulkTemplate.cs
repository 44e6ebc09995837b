namespace OrderPipeline.Notify.Providers;

/// <summary>A bulk request's shared text: <c>{orderId}</c> and <c>{orders}</c> are filled per message by the gateway.</summary>
public sealed record BulkTemplate(string? Subject, string Text);
