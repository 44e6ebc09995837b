using System.Text;
using System.Text.Json;

namespace OrderPipeline.Admin.DeadLetters;

public sealed record NoteView(long Id, string Author, DateTimeOffset At, string Text);
