using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using static OrderPipeline.Opctl.ApiCommands;

namespace OrderPipeline.Opctl.DeadLetters;

/// <summary><c>opctl dead-letters ...</c>: on-call's triage from a terminal, over the admin API (key with the <c>oncall</c> role).</summary>
public static class DeadLetterCommands
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var kit = new ApiCommands(output, error, "oncall");

        // Filters shared by list and the bulk commands.
        var queue = new Option<string?>("--queue") { Description = "Original queue (orders, notify, ...)." };
        var type = new Option<string?>("--type") { Description = "Message type URN." };
        var fingerprint = new Option<string?>("--fingerprint") { Description = "Failure group." };
        var order = new Option<string?>("--order") { Description = "Order id taken from the message body." };
        var seller = new Option<string?>("--seller") { Description = "Seller id taken from the message body." };
        var from = new Option<DateTimeOffset?>("--from") { Description = "Moved at or after (ISO 8601)." };
        var to = new Option<DateTimeOffset?>("--to") { Description = "Moved before (ISO 8601)." };
        var ids = new Option<long[]>("--ids") { Description = "Dead-letter ids (comma or space separated).", AllowMultipleArgumentsPerToken = true, CustomParser = ParseIds };
        Option[] filters = [queue, type, fingerprint, order, seller, from, to];

        object Filter(ParseResult p) => new
        {
            queue = p.GetValue(queue), messageType = p.GetValue(type), fingerprint = p.GetValue(fingerprint),
            orderId = p.GetValue(order), sellerId = p.GetValue(seller), from = p.GetValue(from), to = p.GetValue(to),
        };
        bool HasFilter(ParseResult p) => filters.Any(f => p.GetResult(f) is not null);

        Command Define(string name, string description, IEnumerable<Symbol> symbols, Func<ParseResult, AdminClient, CancellationToken, Task> run) =>
            kit.Define(name, description, symbols, run);
        Task Print(ParseResult p, JsonElement value, Action<JsonElement> table) => kit.Print(p, value, table);

        var status = new Option<string?>("--status") { Description = "New, Replayed or Discarded." };
        var limit = new Option<int?>("--limit") { Description = "Rows per page (1-500, default 50)." };
        var cursor = new Option<string?>("--cursor") { Description = "The next-page cursor printed by the previous page." };
        var list = Define("list", "Dead letters, newest first.", [.. filters, status, limit, cursor], async (p, c, ct) =>
        {
            var query = Query(("queue", p.GetValue(queue)), ("messageType", p.GetValue(type)), ("fingerprint", p.GetValue(fingerprint)),
                ("orderId", p.GetValue(order)), ("sellerId", p.GetValue(seller)), ("from", p.GetValue(from)?.ToString("o", CultureInfo.InvariantCulture)),
                ("to", p.GetValue(to)?.ToString("o", CultureInfo.InvariantCulture)), ("status", p.GetValue(status)),
                ("limit", p.GetValue(limit)?.ToString(CultureInfo.InvariantCulture)), ("cursor", p.GetValue(cursor)));
            var page = await c.GetAsync("admin/dead-letters" + query, ct);
            await Print(p, page, v =>
            {
                Table(output, ["ID", "MOVED", "QUEUE", "STATUS", "ORDER", "GROUP", "EXCEPTION"], v.GetProperty("items").EnumerateArray().Select(i => new[]
                {
                    Text(i, "id"), Time(i, "movedAt"), Text(i, "queue"), Text(i, "status"), Text(i, "orderId"), Text(i, "fingerprint")[..12],
                    Shorten($"{Text(i, "exceptionType").Split('.')[^1]}: {Text(i, "exceptionMessage")}", 60),
                }));
                if (v.GetProperty("nextCursor").GetString() is { } next)
                {
                    output.WriteLine($"more: --cursor {next}");
                }
            });
        });

        var groupStatus = new Option<string?>("--status") { Description = "Count only rows with this status." };
        var groups = Define("groups", "Failure groups (one per fingerprint), most recent first.", [groupStatus], async (p, c, ct) =>
        {
            var value = await c.GetAsync("admin/dead-letters/groups" + Query(("status", p.GetValue(groupStatus))), ct);
            await Print(p, value, v => Table(output, ["GROUP", "COUNT", "NEW", "QUEUE", "OWNER", "LAST SEEN", "EXCEPTION"],
                v.EnumerateArray().Select(g => new[]
                {
                    Text(g, "fingerprint"), Text(g, "count"), Text(g, "newCount"), Text(g, "queue"), Text(g, "assignee"), Time(g, "lastSeen"),
                    Shorten($"{Text(g, "exceptionType").Split('.')[^1]}: {Text(g, "sampleMessage")}", 60),
                })));
        });

        var fingerprintArgument = new Argument<string>("fingerprint") { Description = "The group's fingerprint (see `groups`)." };
        var group = Define("group", "One failure group: counts, owner and notes.", [fingerprintArgument], async (p, c, ct) =>
        {
            var value = await c.GetAsync($"admin/dead-letters/groups/{p.GetValue(fingerprintArgument)}", ct);
            await Print(p, value, v =>
            {
                var g = v.GetProperty("group");
                output.WriteLine($"group {Text(g, "fingerprint")}: {Text(g, "count")} dead letters, {Text(g, "newCount")} new, queue {Text(g, "queue")}");
                output.WriteLine($"  {Text(g, "exceptionType")}: {Text(g, "sampleMessage")}");
                output.WriteLine($"  first {Time(g, "firstSeen")}, last {Time(g, "lastSeen")}, sample id {Text(g, "sampleId")}");
                output.WriteLine(v.GetProperty("owner").ValueKind == JsonValueKind.Object
                    ? $"  owner {Text(v.GetProperty("owner"), "assignee")} (since {Time(v.GetProperty("owner"), "assignedAt")})"
                    : "  owner: nobody");
                foreach (var note in v.GetProperty("notes").EnumerateArray())
                {
                    output.WriteLine($"  note {Time(note, "at")} {Text(note, "author")}: {Text(note, "text")}");
                }
            });
        });

        var id = new Argument<long>("id") { Description = "Dead-letter id." };
        var show = Define("show", "Everything stored about one dead letter, body and headers included.", [id], async (p, c, ct) =>
            await output.WriteLineAsync(JsonSerializer.Serialize(await c.GetAsync($"admin/dead-letters/{p.GetValue(id)}", ct), AdminClient.JsonOptions)));

        var replay = Define("replay", "Replay one dead letter to its original queue.", [id], async (p, c, ct) =>
        {
            var value = await c.PostAsync($"admin/dead-letters/{p.GetValue(id)}/replay", null, ct);
            await Print(p, value, v => output.WriteLine($"dead letter {Text(v, "id")} {Text(v, "status")} by {Text(v, "by")}"));
        });

        var rate = new Option<int?>("--rate") { Description = "Messages per second (1-1000, default 50)." };
        var batch = new Option<int?>("--batch") { Description = "Messages per batch (1-500, default 50)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Only say what would be touched." };
        var wait = new Option<bool>("--wait") { Description = "Follow the replay's progress until it ends." };
        var bulkReplay = Define("bulk-replay", "Replay every New dead letter of a selection (ids and/or filters), paced.",
            [ids, .. filters, rate, batch, dryRun, wait], async (p, c, ct) =>
            {
                if (p.GetValue(ids) is null && !HasFilter(p))
                {
                    throw new AdminApiException("Say what to replay: --ids or a filter such as --fingerprint.");
                }

                var body = new { ids = p.GetValue(ids), filter = HasFilter(p) ? Filter(p) : null, ratePerSecond = p.GetValue(rate), batchSize = p.GetValue(batch), dryRun = p.GetValue(dryRun) };
                var value = await c.PostAsync("admin/dead-letters/replay", body, ct);
                await ReplayAnswerAsync(p, c, value, ct);
            });

        async Task ReplayAnswerAsync(ParseResult p, AdminClient c, JsonElement value, CancellationToken ct)
        {
            if (value.TryGetProperty("dryRun", out _))
            {
                await Print(p, value, v => DryRun(output, v, "replay"));
                return;
            }

            await Print(p, value, v => output.WriteLine($"replay job {Text(v, "id")}: {Text(v, "total")} dead letters at {Text(v, "ratePerSecond")}/s " +
                $"(follow: opctl dead-letters job {Text(v, "id")}; stop: opctl dead-letters cancel {Text(v, "id")})"));
            if (p.GetValue(wait))
            {
                await FollowAsync(c, value.GetProperty("id").GetInt64(), ct);
            }
        }

        var replayGroup = Define("replay-group", "Replay every New dead letter of one failure group, paced.",
            [fingerprintArgument, rate, batch, dryRun, wait], async (p, c, ct) =>
            {
                var body = new { filter = new { fingerprint = p.GetValue(fingerprintArgument) }, ratePerSecond = p.GetValue(rate), batchSize = p.GetValue(batch), dryRun = p.GetValue(dryRun) };
                await ReplayAnswerAsync(p, c, await c.PostAsync("admin/dead-letters/replay", body, ct), ct);
            });

        var jobId = new Argument<long>("job") { Description = "Replay job id." };
        var job = Define("job", "A replay job's progress.", [jobId, wait], async (p, c, ct) =>
        {
            if (p.GetValue(wait))
            {
                await FollowAsync(c, p.GetValue(jobId), ct);
                return;
            }

            await Print(p, await c.GetAsync($"admin/dead-letters/replay-jobs/{p.GetValue(jobId)}", ct), v => output.WriteLine(Progress(v)));
        });
        var jobs = Define("jobs", "Recent replay jobs.", [], async (p, c, ct) =>
            await Print(p, await c.GetAsync("admin/dead-letters/replay-jobs", ct), v =>
            {
                foreach (var j in v.EnumerateArray())
                {
                    output.WriteLine(Progress(j));
                }
            }));
        var cancel = Define("cancel", "Stop a replay job after its current batch.", [jobId], async (p, c, ct) =>
            await Print(p, await c.PostAsync($"admin/dead-letters/replay-jobs/{p.GetValue(jobId)}/cancel", null, ct), v => output.WriteLine(Progress(v))));

        var reason = new Option<string>("--reason") { Description = "Why (required; kept for audit).", Required = true };
        var discard = Define("discard", "Discard one dead letter (kept for audit, never replayed).", [id, reason], async (p, c, ct) =>
        {
            var value = await c.PostAsync($"admin/dead-letters/{p.GetValue(id)}/discard", new { reason = p.GetValue(reason) }, ct);
            await Print(p, value, v => output.WriteLine($"dead letter {Text(v, "id")} {Text(v, "status")} by {Text(v, "by")}"));
        });
        var bulkReason = new Option<string?>("--reason") { Description = "Why (required unless --dry-run; kept for audit)." };
        var bulkDiscard = Define("bulk-discard", "Discard every New dead letter of a selection.", [ids, .. filters, bulkReason, dryRun], async (p, c, ct) =>
        {
            if (p.GetValue(ids) is null && !HasFilter(p))
            {
                throw new AdminApiException("Say what to discard: --ids or a filter such as --fingerprint.");
            }

            var value = await c.PostAsync("admin/dead-letters/discard",
                new { ids = p.GetValue(ids), filter = HasFilter(p) ? Filter(p) : null, reason = p.GetValue(bulkReason), dryRun = p.GetValue(dryRun) }, ct);
            await Print(p, value, v =>
            {
                if (v.TryGetProperty("dryRun", out _))
                {
                    DryRun(output, v, "discard");
                }
                else
                {
                    output.WriteLine($"{Text(v, "discarded")} dead letters discarded by {Text(v, "by")}: {Text(v, "reason")}");
                }
            });
        });

        var person = new Argument<string>("person") { Description = "Who works on the group." };
        var takeOver = new Option<bool>("--take-over") { Description = "Take the group over from whoever has it." };
        var assign = Define("assign", "Say who works on a failure group.", [fingerprintArgument, person, takeOver], async (p, c, ct) =>
        {
            var value = await c.PutAsync($"admin/dead-letters/groups/{p.GetValue(fingerprintArgument)}/assignee",
                new { assignee = p.GetValue(person), takeOver = p.GetValue(takeOver) }, ct);
            await Print(p, value, v => output.WriteLine($"group {p.GetValue(fingerprintArgument)} is {Text(v, "assignee")}'s"));
        });
        var unassign = Define("unassign", "Release a failure group.", [fingerprintArgument], async (p, c, ct) =>
        {
            await c.DeleteAsync($"admin/dead-letters/groups/{p.GetValue(fingerprintArgument)}/assignee", ct);
            await output.WriteLineAsync($"group {p.GetValue(fingerprintArgument)} released");
        });
        var noteText = new Argument<string>("text") { Description = "The note." };
        var note = Define("note", "Add a note to a failure group.", [fingerprintArgument, noteText], async (p, c, ct) =>
        {
            var value = await c.PostAsync($"admin/dead-letters/groups/{p.GetValue(fingerprintArgument)}/notes", new { text = p.GetValue(noteText) }, ct);
            await Print(p, value, v => output.WriteLine($"note {Text(v, "id")} added by {Text(v, "author")}"));
        });

        Task FollowAsync(AdminClient c, long idToFollow, CancellationToken ct) =>
            Terminal.FollowAsync(Terminal.For(output), $"replay job {idToFollow}", async token =>
            {
                var j = await c.GetAsync($"admin/dead-letters/replay-jobs/{idToFollow}", token);
                var total = j.GetProperty("total").GetInt32();
                var done = total - j.GetProperty("remaining").GetInt32();
                return new Terminal.Step(done, total, Text(j, "status") is "Done" or "Cancelled" or "Failed", Progress(j));
            }, TimeSpan.FromSeconds(1), ct);

        var command = kit.Group("dead-letters", "On-call triage of dead letters over the admin API.",
            list, groups, group, show, replay, replayGroup, bulkReplay, job, jobs, cancel, discard, bulkDiscard, assign, unassign, note);
        command.Aliases.Add("dl");
        return command;
    }

    static string Progress(JsonElement j) =>
        $"replay job {Text(j, "id")} {Text(j, "status")}: {Text(j, "replayed")}/{Text(j, "total")} replayed, {Text(j, "skipped")} skipped, " +
        $"{Text(j, "failedAgain")} failed again, {Text(j, "remaining")} remaining" + (Text(j, "error") is { Length: > 0 } e ? $" (last error: {e})" : "");

    static void DryRun(TextWriter output, JsonElement v, string verb)
    {
        output.WriteLine($"dry run: {Text(v, "matched")} dead letters would {verb}; nothing changed");
        foreach (var q in v.GetProperty("byQueue").EnumerateArray())
        {
            output.WriteLine($"  queue {Text(q, "key")}: {Text(q, "count")}");
        }

        foreach (var f in v.GetProperty("byFingerprint").EnumerateArray())
        {
            output.WriteLine($"  group {Text(f, "key")}: {Text(f, "count")}");
        }

        output.WriteLine($"  first ids: {string.Join(", ", v.GetProperty("sampleIds").EnumerateArray().Select(i => i.GetInt64()))}");
    }

    static long[]? ParseIds(System.CommandLine.Parsing.ArgumentResult result)
    {
        var values = new List<long>();
        foreach (var token in result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (!long.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                result.AddError($"Not a dead-letter id: {token}");
                return null;
            }

            values.Add(value);
        }

        return values.ToArray();
    }
}
