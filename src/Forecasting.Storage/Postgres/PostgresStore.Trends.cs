using Forecasting.Storage.Abstractions;
using Forecasting.Storage.Sql;
using Npgsql;

namespace Forecasting.Storage.Postgres;

/// <summary>The trend rollups kept by the ingest's batches (<see cref="TrendDelta"/>, <see cref="TrendRollupSql"/>).</summary>
public sealed partial class PostgresStore
{
    /// <summary>The SKU -> cell map of the last batch (read again when the catalog version moved or a SKU is new);
    /// replaced whole, so the concurrent demand batches share it safely.</summary>
    private volatile TrendCellMap? _trendCells;

    /// <summary>The catalog version, with the <c>trend_state</c> row locked: shared by demand batches (they run side by side),
    /// alone by a catalog batch (<paramref name="alone"/>), so no demand is added to a cell a SKU is being moved out of.</summary>
    private static async Task<long> LockCatalogVersionAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, bool alone, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, $"SELECT catalog_version FROM trend_state WHERE id = 1 FOR {(alone ? "UPDATE" : "SHARE")}");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>The map covering every SKU of <paramref name="rows"/> at <paramref name="version"/>.</summary>
    private async Task<TrendCellMap> TrendCellsAsync<T>(NpgsqlConnection connection, NpgsqlTransaction transaction, long version, IReadOnlyList<T> rows, Func<T, int> skuId,
        CancellationToken cancellationToken)
    {
        var map = _trendCells;
        if (map is null || map.Version != version || !map.Covers(rows, skuId))
        {
            _trendCells = map = await TrendCellMap.ReadAsync(connection, transaction, version, cancellationToken);
        }

        return map;
    }

    /// <summary>Adds a batch's rollup change in the caller's transaction: one upsert of the cells and one of the facets
    /// (arrays), in key order.</summary>
    private static async Task<(IReadOnlyList<TrendCellDelta> Cells, IReadOnlyList<TrendFacetDelta> Facets)> AddTrendDeltaAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        TrendDelta delta, CancellationToken cancellationToken)
    {
        if (delta.IsEmpty)
        {
            return ([], []);
        }

        var cells = delta.Cells();
        var facets = delta.Facets(cells);
        object Counted<T>(IReadOnlyList<T> rows, Func<T, long[]> counted, int i) => rows.Select(r => counted(r)[i]).ToArray();
        await ExecuteAsync(connection, transaction, TrendRollupSql.AddCell(
            "SELECT * FROM unnest($1::integer[], $2::integer[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], " +
            "$8::bigint[], $9::bigint[], $10::bigint[], $11::bigint[], $12::bigint[], $13::bigint[], $14::bigint[])"), cancellationToken,
            cells.Select(c => c.Week).ToArray(), cells.Select(c => c.Region).ToArray(), cells.Select(c => c.Cell.Category).ToArray(), cells.Select(c => c.Cell.Style).ToArray(),
            cells.Select(c => c.Cell.Color).ToArray(), cells.Select(c => c.Cell.Material).ToArray(), cells.Select(c => c.Cell.PriceBand).ToArray(),
            Counted(cells, c => c.Counted, 0), Counted(cells, c => c.Counted, 1), Counted(cells, c => c.Counted, 2), Counted(cells, c => c.Counted, 3),
            Counted(cells, c => c.Counted, 4), Counted(cells, c => c.Counted, 5), Counted(cells, c => c.Counted, 6));
        await ExecuteAsync(connection, transaction, TrendRollupSql.AddFacet(
            "SELECT * FROM unnest($1::text[], $2::integer[], $3::integer[], $4::text[], $5::text[], " +
            "$6::bigint[], $7::bigint[], $8::bigint[], $9::bigint[], $10::bigint[], $11::bigint[], $12::bigint[])"), cancellationToken,
            facets.Select(f => f.Facet).ToArray(), facets.Select(f => f.Week).ToArray(), facets.Select(f => f.Region).ToArray(), facets.Select(f => f.V1).ToArray(),
            facets.Select(f => f.V2).ToArray(), Counted(facets, f => f.Counted, 0), Counted(facets, f => f.Counted, 1), Counted(facets, f => f.Counted, 2),
            Counted(facets, f => f.Counted, 3), Counted(facets, f => f.Counted, 4), Counted(facets, f => f.Counted, 5), Counted(facets, f => f.Counted, 6));
        return (cells, facets);
    }

    /// <summary>The rollup change of demand rows all new to the store (the append path).</summary>
    private static TrendDelta NewRowsDelta(TrendCellMap map, IReadOnlyList<DemandRow> rows)
    {
        var delta = new TrendDelta(map);
        foreach (var row in rows)
        {
            delta.Add(row.SkuId, row.RegionId, row.Day, 1, row.Units, row.Returns, row.Views, row.Searches, row.CartAdds, row.WishlistAdds);
        }

        return delta;
    }

    /// <summary>Moves the SKUs a catalog batch put in other cells (their sums go with them) and bumps the catalog version.</summary>
    private async Task MoveTrendCellsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, TrendCellMap before, CancellationToken cancellationToken)
    {
        var after = await TrendCellMap.ReadAsync(connection, transaction, before.Version + 1, cancellationToken);
        var delta = await TrendCatalogMoves.DeltaAsync(connection, transaction, before, after, Enumerable.Range(0, before.SkuIdLimit), cancellationToken);
        var (cells, facets) = await AddTrendDeltaAsync(connection, transaction, delta, cancellationToken);
        await TrendCatalogMoves.DeleteEmptyAsync(connection, transaction, cells, facets, cancellationToken);
        await ExecuteAsync(connection, transaction, "UPDATE trend_state SET catalog_version = catalog_version + 1 WHERE id = 1", cancellationToken);
        _trendCells = null;
    }

    public override Task RebuildTrendRollupsAsync(CancellationToken cancellationToken = default) => Retry(async () =>
    {
        await using var connection = await Source.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await LockCatalogVersionAsync(connection, transaction, alone: true, cancellationToken);
        await using (var command = Command(connection, transaction, TrendRollupSql.Rebuild("chr(31)")))
        {
            command.CommandTimeout = 0;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return 0;
    }, cancellationToken);
}
