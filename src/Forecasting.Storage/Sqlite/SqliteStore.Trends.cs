using Forecasting.Storage.Sql;
using Microsoft.Data.Sqlite;

namespace Forecasting.Storage.Sqlite;

/// <summary>The trend rollups kept by the ingest's batches (<see cref="TrendDelta"/>, <see cref="TrendRollupSql"/>).</summary>
public sealed partial class SqliteStore
{
    /// <summary>The SKU -> cell map of the last batch (read again when the catalog version moved or a SKU is new).</summary>
    private volatile TrendCellMap? _trendCells;

    private static long CatalogVersion(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var command = Command(connection, transaction, "SELECT catalog_version FROM trend_state WHERE id = 1");
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>The map covering every SKU of <paramref name="rows"/>, current in the caller's transaction.</summary>
    private TrendCellMap TrendCells<T>(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<T> rows, Func<T, int> skuId)
    {
        long version = CatalogVersion(connection, transaction);
        var map = _trendCells;
        if (map is null || map.Version != version || !map.Covers(rows, skuId))
        {
            _trendCells = map = TrendCellMap.ReadAsync(connection, transaction, version, CancellationToken.None).GetAwaiter().GetResult();
        }

        return map;
    }

    /// <summary>Adds a batch's rollup change in the caller's transaction: one upsert per changed cell and facet row.</summary>
    private static (IReadOnlyList<TrendCellDelta> Cells, IReadOnlyList<TrendFacetDelta> Facets) AddTrendDelta(SqliteConnection connection, TrendDelta delta)
    {
        if (delta.IsEmpty)
        {
            return ([], []);
        }

        var cells = delta.Cells();
        var facets = delta.Facets(cells);
        using (var cell = new RawStatement(connection, TrendRollupSql.AddCell("VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)")))
        {
            foreach (var row in cells)
            {
                cell.Bind(1, row.Week);
                cell.Bind(2, row.Region);
                cell.Bind(3, row.Cell.Category);
                cell.Bind(4, row.Cell.Style);
                cell.Bind(5, row.Cell.Color);
                cell.Bind(6, row.Cell.Material);
                cell.Bind(7, row.Cell.PriceBand);
                BindCounted(cell, 8, row.Counted);
                cell.Execute();
            }
        }

        using (var facet = new RawStatement(connection, TrendRollupSql.AddFacet("VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)")))
        {
            foreach (var row in facets)
            {
                facet.Bind(1, row.Facet);
                facet.Bind(2, row.Week);
                facet.Bind(3, row.Region);
                facet.Bind(4, row.V1);
                facet.Bind(5, row.V2);
                BindCounted(facet, 6, row.Counted);
                facet.Execute();
            }
        }

        return (cells, facets);
    }

    private static void BindCounted(RawStatement statement, int first, long[] counted)
    {
        for (int i = 0; i < counted.Length; i++)
        {
            statement.Bind(first + i, counted[i]);
        }
    }

    /// <summary>Moves the SKUs a catalog batch put in other cells (their sums go with them) and bumps the catalog version.</summary>
    private void MoveTrendCells(SqliteConnection connection, SqliteTransaction transaction, TrendCellMap before)
    {
        var after = TrendCellMap.ReadAsync(connection, transaction, before.Version + 1, CancellationToken.None).GetAwaiter().GetResult();
        var delta = TrendCatalogMoves.DeltaAsync(connection, transaction, before, after, Enumerable.Range(0, before.SkuIdLimit), CancellationToken.None).GetAwaiter().GetResult();
        var (cells, facets) = AddTrendDelta(connection, delta);
        TrendCatalogMoves.DeleteEmptyAsync(connection, transaction, cells, facets, CancellationToken.None).GetAwaiter().GetResult();
        SqliteDatabase.Execute(connection, "UPDATE trend_state SET catalog_version = catalog_version + 1 WHERE id = 1");
        _trendCells = null;
    }

    public override Task RebuildTrendRollupsAsync(CancellationToken cancellationToken = default)
    {
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction();
        using var command = Command(connection, transaction, TrendRollupSql.Rebuild("char(31)"));
        command.CommandTimeout = 0;
        command.ExecuteNonQuery();
        transaction.Commit();
        return Task.CompletedTask;
    }
}
