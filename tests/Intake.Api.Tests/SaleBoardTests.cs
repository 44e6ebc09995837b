using OrderPipeline.Intake.Sales;
using Xunit;

namespace OrderPipeline.Intake.Api.Tests;

public sealed class SaleBoardTests
{
    static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    static SaleEntry Sale(string id, string product, long admittedUpTo = 0, int? pace = 10, DateTimeOffset? endedAt = null,
        DateTimeOffset? starts = null) =>
        new(id, "s1", [product], starts ?? Now.AddMinutes(-1), Now.AddHours(1), endedAt, pace, admittedUpTo, admittedUpTo);

    [Fact]
    public void Orders_are_routed_only_while_their_sale_runs()
    {
        var board = new SaleBoard(TimeProvider.System);
        board.Replace([Sale("a", "p1"), Sale("b", "p2", endedAt: Now.AddSeconds(-1)), Sale("c", "p3", starts: Now.AddMinutes(5))],
            new Dictionary<string, int>(), Now);
        Assert.Equal("a", board.RunningSaleFor(["x", "p1"], Now)?.SaleId);
        Assert.Null(board.RunningSaleFor(["p2"], Now));
        Assert.Null(board.RunningSaleFor(["p3"], Now));
        Assert.Equal("c", board.RunningSaleFor(["p3"], Now.AddMinutes(6))?.SaleId);
        Assert.Null(board.RunningSaleFor(["p1"], Now.AddHours(2)));
    }

    [Fact]
    public void A_running_sale_product_at_stock_0_is_sold_out_and_a_restock_reopens_it()
    {
        var board = new SaleBoard(TimeProvider.System);
        board.Replace([Sale("a", "p1")], new Dictionary<string, int> { ["p1"] = 0 }, Now);
        Assert.Equal("p1", board.SoldOut(["p1"], Now));
        Assert.Null(board.SoldOut(["p1"], Now.AddHours(2)));
        board.Restocked("p1", 3);
        Assert.Null(board.SoldOut(["p1"], Now));
        board.Restocked("elsewhere", 0);
        Assert.Null(board.SoldOut(["elsewhere"], Now));
    }

    [Fact]
    public void A_place_never_goes_up_as_the_line_moves_and_is_at_least_1_until_decided()
    {
        var board = new SaleBoard(TimeProvider.System);
        var seen = new List<long>();
        foreach (var admitted in new long[] { 0, 10, 10, 35, 49, 60 })
        {
            board.Replace([Sale("a", "p1", admittedUpTo: admitted)], new Dictionary<string, int>(), Now);
            var place = board.Place("a", 50);
            Assert.Equal(place.Position - 1, place.Ahead);
            seen.Add(place.Position);
        }

        Assert.Equal([50, 40, 40, 15, 1, 1], seen);
        Assert.Equal(3, board.Place("a", 90).EstimatedWaitSeconds); // 30 places to go (60 decided) at 10/s
        Assert.Equal(0, SaleBoard.Decided("a").Position);
    }

    [Fact]
    public void Sale_declarations_name_each_bad_field()
    {
        var errors = SaleEndpoints.Validate("bad id", new SaleRequest(["ok", "ok"], Now, Now.AddDays(40), 0, 0), Now);
        Assert.Equal(["admissionPerSecond", "endsAt", "expectedPeakPerSecond", "productIds", "saleId"], errors.Keys.Order());
        Assert.Equal(["endsAt", "expectedPeakPerSecond", "productIds", "startsAt"], SaleEndpoints.Validate("s", new SaleRequest(null, null, null, null, null), Now).Keys.Order());
        Assert.Contains("endsAt", SaleEndpoints.Validate("s", new SaleRequest(["p"], Now.AddHours(-2), Now.AddHours(-1), 10, null), Now).Keys);
        Assert.Empty(SaleEndpoints.Validate("s", new SaleRequest(["p"], Now, Now.AddHours(1), 10, null), Now));
    }
}
