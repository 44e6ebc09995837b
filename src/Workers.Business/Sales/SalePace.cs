using Npgsql;
using OrderPipeline.Data;

namespace OrderPipeline.Business.Sales;

/// <summary>
/// The sale lane's admission pace, shared by every business worker instance through the sale's row (<c>pace_next</c>, a generic
/// cell rate algorithm): a sale's next orders are admitted once <c>pace_next</c> has passed, which moves it on by
/// <c>count / admission_per_second</c>. Every instance asks the same row, so a sale is decided at its pace however many instances
/// there are, and a changed <c>admission_per_second</c> applies from the next admission (≤ 0.1 s at the new pace: batches hold a
/// tenth of a second's orders). One statement for all the sales of a batch, never one per order. ADR 9.
/// </summary>
public sealed class SalePace(NpgsqlDataSource dataSource)
{
    // The outer SELECT reads the rows as they were before the UPDATE: a sale not admitted is told how long until its slot.
    const string Admit = """
        WITH wanted AS (SELECT * FROM unnest(@sales::text[], @counts::int[]) AS u(id, n)),
             admitted AS (
                UPDATE sales s SET pace_next = greatest(s.pace_next, clock_timestamp()) + make_interval(secs => w.n::float8 / s.admission_per_second)
                FROM wanted w
                WHERE s.sale_id = w.id AND s.admission_per_second IS NOT NULL AND s.pace_next <= clock_timestamp()
                RETURNING s.sale_id)
        SELECT s.sale_id, s.admission_per_second, s.admission_per_second IS NULL OR a.sale_id IS NOT NULL,
               greatest(0, extract(epoch FROM s.pace_next - clock_timestamp()))::float8
        FROM sales s JOIN wanted w ON w.id = s.sale_id LEFT JOIN admitted a ON a.sale_id = s.sale_id
        """;

    /// <summary>Asks to decide <c>count</c> orders of each sale now. A sale not found is not paced (admitted).</summary>
    public async Task<IReadOnlyDictionary<string, Admission>> AdmitAsync(IReadOnlyDictionary<string, int> counts)
    {
        var sales = counts.Keys.Order(StringComparer.Ordinal).ToArray();
        var admissions = sales.ToDictionary(s => s, _ => new Admission(true, 0, null), StringComparer.Ordinal);
        foreach (var (sale, perSecond, admitted, waitSeconds) in await dataSource.QueryAsync<(string, int?, bool, double)>(
                     Admit, new { sales, counts = sales.Select(s => counts[s]).ToArray() }, CancellationToken.None))
        {
            admissions[sale] = new Admission(admitted, waitSeconds, perSecond);
        }

        return admissions;
    }
}
