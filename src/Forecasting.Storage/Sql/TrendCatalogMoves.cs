using System.Data.Common;
using System.Globalization;
using Dapper;

namespace Forecasting.Storage.Sql;

/// <summary>
/// What a catalog batch does to the trend rollups: a SKU whose attributes now put it in another cell takes its weekly
/// sums (summed from its stored days) out of the cell it was in and into the new one, in the batch's transaction.
/// Reading a SKU's days uses the per-series index on PostgreSQL and one scan of the daily rows per 10,000 moved SKUs
/// on SQLite (whose demand has only the day-major key): attribute changes are rare, loads are not.
/// </summary>
internal static class TrendCatalogMoves
{
    private const int SkusPerRead = 10_000;

    /// <summary>The rollup change of the SKUs whose cell differs between <paramref name="before"/> and <paramref name="after"/>
    /// (empty when none moved or none of the moved ones has demand).</summary>
    public static async Task<TrendDelta> DeltaAsync(DbConnection connection, DbTransaction transaction, TrendCellMap before, TrendCellMap after, IEnumerable<int> skuIds,
        CancellationToken cancellationToken)
    {
        var delta = new TrendDelta(before);
        var moved = new Dictionary<int, (int From, int To)>();
        foreach (int id in skuIds)
        {
            int from = before.CellOf(id), to = after.CellOf(id);
            if (from >= 0 && to >= 0 && before[from] != after[to])
            {
                moved[id] = (from, before.Number(after[to]));
            }
        }

        var counted = new long[7];
        foreach (var chunk in moved.Keys.Chunk(SkusPerRead))
        {
            await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(TrendRollupSql.SkuWeeks(chunk), transaction: transaction,
                commandTimeout: 0, cancellationToken: cancellationToken));
            while (await reader.ReadAsync(cancellationToken))
            {
                int Int(int i) => Convert.ToInt32(reader.GetValue(i), CultureInfo.InvariantCulture);
                for (int i = 0; i < counted.Length; i++)
                {
                    counted[i] = Convert.ToInt64(reader.GetValue(3 + i), CultureInfo.InvariantCulture);
                }

                var (from, to) = moved[Int(0)];
                delta.AddWeek(Int(2), Int(1), from, counted, -1);
                delta.AddWeek(Int(2), Int(1), to, counted, +1);
            }
        }

        return delta;
    }

    /// <summary>Deletes the rollup rows of <paramref name="cells"/> and <paramref name="facets"/> that lost rows and
    /// now stand for none (run after the deltas were added).</summary>
    public static async Task DeleteEmptyAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<TrendCellDelta> cells, IReadOnlyList<TrendFacetDelta> facets,
        CancellationToken cancellationToken)
    {
        var emptiedCells = cells.Where(c => c.Counted[0] < 0).Select(c => new
        {
            c.Week, c.Region, c.Cell.Category, c.Cell.Style, c.Cell.Color, c.Cell.Material, c.Cell.PriceBand,
        }).ToList();
        var emptiedFacets = facets.Where(f => f.Counted[0] < 0).Select(f => new { f.Facet, f.Week, f.Region, f.V1, f.V2 }).ToList();
        if (emptiedCells.Count > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(TrendRollupSql.DeleteEmptyCell, emptiedCells, transaction, cancellationToken: cancellationToken));
        }

        if (emptiedFacets.Count > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(TrendRollupSql.DeleteEmptyFacet, emptiedFacets, transaction, cancellationToken: cancellationToken));
        }
    }
}
