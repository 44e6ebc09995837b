namespace OrderPipeline.Admin.DeadLetters;

public sealed record NoteView(long Id, string Author, DateTimeOffset At, string Text);
