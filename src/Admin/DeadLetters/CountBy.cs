namespace OrderPipeline.Admin.DeadLetters;

public sealed record CountBy(string Key, long Count);
