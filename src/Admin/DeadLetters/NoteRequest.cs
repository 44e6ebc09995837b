namespace OrderPipeline.Admin.DeadLetters;

public sealed record NoteRequest(string? Text);
