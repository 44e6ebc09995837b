using System.Text.Json;
using OrderPipeline.Data.DeadLetters;
using Xunit;

namespace OrderPipeline.Workers.DeadLetter.Tests;

public sealed class DeadLetterSelectionTests
{
    [Fact]
    public void An_empty_selection_is_refused_so_that_nothing_means_everything()
    {
        Assert.Contains("selection", new DeadLetterSelection().Validate().Keys);
        Assert.Contains("ids", new DeadLetterSelection { Ids = [] }.Validate().Keys);
        Assert.Contains("ids", new DeadLetterSelection { Ids = Enumerable.Range(1, DeadLetterSelection.MaxIds + 1).Select(i => (long)i).ToArray() }.Validate().Keys);
        var now = DateTimeOffset.UtcNow;
        Assert.Contains("to", new DeadLetterSelection { From = now, To = now }.Validate().Keys);
        Assert.Empty(new DeadLetterSelection { Fingerprint = "f" }.Validate());
    }

    [Fact]
    public void The_condition_only_ever_matches_new_rows_with_named_parameters_apart_from_the_callers_own()
    {
        var from = DateTimeOffset.Parse("2026-11-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var (condition, parameters) = new DeadLetterSelection { Ids = [3, 4], Fingerprint = "abc", From = from }.ToSql();
        Assert.Equal("status = 'New' AND id = ANY(@selection_ids) AND fingerprint = @selection_fingerprint AND moved_at >= @selection_from", condition);
        Assert.Equal(["selection_ids", "selection_fingerprint", "selection_from"], parameters.ParameterNames);
        Assert.Equal([3, 4], parameters.Get<long[]>("selection_ids"));
        Assert.Equal("abc", parameters.Get<string>("selection_fingerprint"));
        Assert.Equal(from, parameters.Get<DateTimeOffset>("selection_from"));
        Assert.Equal("status = 'New' AND queue = @selection_queue", new DeadLetterSelection { Queue = "notify" }.ToSql().Condition);
    }

    [Fact]
    public void A_selection_survives_the_trip_through_the_replay_job_row()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var selection = new DeadLetterSelection { Ids = [7], SellerId = "s-1", To = DateTimeOffset.UnixEpoch };
        var json = JsonSerializer.Serialize(selection, options);
        Assert.DoesNotContain("isEmpty", json, StringComparison.Ordinal);
        var back = JsonSerializer.Deserialize<DeadLetterSelection>(json, options)!;
        Assert.Equal(selection.ToSql(), back.ToSql(), (a, b) => a.Condition == b.Condition && a.Parameters.ParameterNames.SequenceEqual(b.Parameters.ParameterNames));
    }
}
