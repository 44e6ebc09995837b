using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OrderPipeline.Data;
using OrderPipeline.Data.DeadLetters;
using OrderPipeline.Hosting.Http;

namespace OrderPipeline.Admin.DeadLetters;

/// <summary>On-call's read side: newest first, filtered by queue, type, cause, status, time or business key.</summary>
public static class DeadLetterQueries
{
    public const int MaxLimit = 500;

    public static async Task<Results<Ok<DeadLetterPage>, ValidationProblem>> ListAsync(
        PipelineDbContext db, string? queue, string? messageType, string? fingerprint, string? status, DateTimeOffset? from,
        DateTimeOffset? to, string? orderId, string? sellerId, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        long? before = null;
        if (cursor is not null)
        {
            if (!long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                return Problems.Validation(new() { ["cursor"] = ["Use the nextCursor of the previous page."] });
            }

            before = id;
        }

        if (limit is < 1 or > MaxLimit)
        {
            return Problems.Validation(new() { ["limit"] = [$"1 to {MaxLimit}."] });
        }

        var query = db.DeadLetters.AsNoTracking();
        query = queue is null ? query : query.Where(d => d.Queue == queue);
        query = messageType is null ? query : query.Where(d => d.MessageType == messageType);
        query = fingerprint is null ? query : query.Where(d => d.Fingerprint == fingerprint);
        query = status is null ? query : query.Where(d => d.Status == status);
        query = from is null ? query : query.Where(d => d.MovedAt >= from);
        query = to is null ? query : query.Where(d => d.MovedAt < to);
        query = orderId is null ? query : query.Where(d => d.OrderId == orderId);
        query = sellerId is null ? query : query.Where(d => d.SellerId == sellerId);
        query = before is null ? query : query.Where(d => d.Id < before);
        var take = limit ?? 50;
        var items = await query.OrderByDescending(d => d.Id).Take(take + 1).Select(Summary).ToListAsync(cancellationToken);
        var next = items.Count > take ? items[take - 1].Id.ToString(CultureInfo.InvariantCulture) : null;
        return TypedResults.Ok(new DeadLetterPage(items.Take(take).ToList(), next));
    }

    public static async Task<Ok<List<DeadLetterGroup>>> GroupsAsync(PipelineDbContext db, string? status, CancellationToken cancellationToken)
    {
        var rows = db.DeadLetters.AsNoTracking();
        rows = status is null ? rows : rows.Where(d => d.Status == status);
        var groups = await rows
            .GroupBy(d => d.Fingerprint)
            .Select(g => new
            {
                Fingerprint = g.Key,
                Count = g.LongCount(),
                NewCount = g.LongCount(d => d.Status == DeadLetterStatus.New),
                FirstSeen = g.Min(d => d.MovedAt),
                LastSeen = g.Max(d => d.MovedAt),
                SampleId = g.Max(d => d.Id),
            })
            .OrderByDescending(g => g.LastSeen)
            .Take(MaxLimit)
            .ToListAsync(cancellationToken);
        var sampleIds = groups.Select(g => g.SampleId).ToList();
        var samples = await db.DeadLetters.AsNoTracking().Where(d => sampleIds.Contains(d.Id))
            .Select(d => new { d.Id, d.Queue, d.ExceptionType, d.ExceptionMessage })
            .ToDictionaryAsync(d => d.Id, cancellationToken);
        var fingerprints = groups.Select(g => g.Fingerprint).ToList();
        var owners = await db.DeadLetterGroupOwners.AsNoTracking().Where(o => fingerprints.Contains(o.Fingerprint))
            .ToDictionaryAsync(o => o.Fingerprint, o => o.Assignee, cancellationToken);
        var notes = await db.DeadLetterNotes.AsNoTracking().Where(n => fingerprints.Contains(n.Fingerprint)).GroupBy(n => n.Fingerprint)
            .Select(n => new { n.Key, Count = n.Count() }).ToDictionaryAsync(n => n.Key, n => n.Count, cancellationToken);
        return TypedResults.Ok(groups.Select(g => new DeadLetterGroup(g.Fingerprint, g.Count, g.NewCount, g.FirstSeen, g.LastSeen,
            samples[g.SampleId].Queue, samples[g.SampleId].ExceptionType, samples[g.SampleId].ExceptionMessage, g.SampleId,
            owners.GetValueOrDefault(g.Fingerprint), notes.GetValueOrDefault(g.Fingerprint))).ToList());
    }

    /// <summary>One failure group: its counts, who works on it and the notes, oldest first.</summary>
    public static async Task<Results<Ok<GroupDetail>, ProblemHttpResult>> GroupAsync(string fingerprint, PipelineDbContext db, CancellationToken cancellationToken)
    {
        var rows = db.DeadLetters.AsNoTracking().Where(d => d.Fingerprint == fingerprint);
        var counts = await rows.GroupBy(d => d.Fingerprint).Select(g => new
        {
            Count = g.LongCount(),
            NewCount = g.LongCount(d => d.Status == DeadLetterStatus.New),
            FirstSeen = g.Min(d => d.MovedAt),
            LastSeen = g.Max(d => d.MovedAt),
            SampleId = g.Max(d => d.Id),
        }).SingleOrDefaultAsync(cancellationToken);
        if (counts is null)
        {
            return Problems.NotFound($"No dead letter has fingerprint {fingerprint}.");
        }

        var sample = await db.DeadLetters.AsNoTracking().SingleAsync(d => d.Id == counts.SampleId, cancellationToken);
        var owner = await db.DeadLetterGroupOwners.AsNoTracking().SingleOrDefaultAsync(o => o.Fingerprint == fingerprint, cancellationToken);
        var notes = await db.DeadLetterNotes.AsNoTracking().Where(n => n.Fingerprint == fingerprint).OrderBy(n => n.Id)
            .Select(n => new NoteView(n.Id, n.Author, n.At, n.Text)).ToListAsync(cancellationToken);
        var group = new DeadLetterGroup(fingerprint, counts.Count, counts.NewCount, counts.FirstSeen, counts.LastSeen, sample.Queue,
            sample.ExceptionType, sample.ExceptionMessage, sample.Id, owner?.Assignee, notes.Count);
        return TypedResults.Ok(new GroupDetail(group, owner is null ? null : new GroupOwnerView(owner.Assignee, owner.AssignedBy, owner.AssignedAt), notes));
    }

    public static async Task<Results<Ok<DeadLetterDetail>, ProblemHttpResult>> GetAsync(long id, PipelineDbContext db, CancellationToken cancellationToken)
    {
        var d = await db.DeadLetters.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, cancellationToken);
        if (d is null)
        {
            return Problems.NotFound($"No dead letter {id}.");
        }

        return TypedResults.Ok(new DeadLetterDetail(Summary.Compile()(d), d.SourceQueue, d.CorrelationId, d.ContentType,
            DeadLetterDetail.AsText(d.Body), Convert.ToBase64String(d.Body), d.Headers.RootElement.Clone(), d.StackTrace, d.ConsumerType,
            d.ParseError, d.ReplayedAt, d.ReplayedBy, d.DiscardedAt, d.DiscardedBy, d.DiscardReason, d.ReplayError, d.ReplayErrorAt));
    }

    static readonly System.Linq.Expressions.Expression<Func<DeadLetter, DeadLetterSummary>> Summary = d => new DeadLetterSummary(
        d.Id, d.Queue, d.Kind, d.MessageType, d.MessageId, d.OrderId, d.SellerId, d.ExceptionType, d.ExceptionMessage, d.RetryCount,
        d.FirstFailedAt, d.MovedAt, d.Fingerprint, d.Status, d.ReplayOf);
}
