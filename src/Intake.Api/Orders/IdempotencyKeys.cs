namespace OrderPipeline.Intake.Orders;

public static class IdempotencyKeys
{
    public static bool IsValid(string? key) =>
        key is { Length: >= 1 and <= 255 } && key.All(c => c is >= (char)0x20 and <= (char)0x7E);
}
