namespace OrderPipeline.Admin.DeadLetters;

public sealed record GroupDetail(DeadLetterGroup Group, GroupOwnerView? Owner, IReadOnlyList<NoteView> Notes);
