using System.Globalization;
using System.Runtime.CompilerServices;
using Forecasting.Core.Domain;
using Forecasting.Storage.Abstractions;

namespace Forecasting.Storage.Sqlite;

public sealed partial class SqliteStore : IDemandStore
{
    public Task<DemandSummary> GetDemandSummaryAsync(CancellationToken cancellationToken = default)
    {
        using var connection = _database.Open();
        using var command = Command(connection, null, "SELECT COUNT(*), MIN(day), MAX(day), (SELECT COUNT(*) FROM (SELECT DISTINCT sku_id, region_id FROM demand)) FROM demand");
        using var reader = command.ExecuteReader();
        reader.Read();
        return Task.FromResult(new DemandSummary(
            reader.GetInt64(0),
            reader.GetInt32(3),
            reader.IsDBNull(1) ? null : DateOnly.FromDayNumber(reader.GetInt32(1)),
            reader.IsDBNull(2) ? null : DateOnly.FromDayNumber(reader.GetInt32(2))));
    }

    public Task<(DateOnly? First, DateOnly? Last)> GetDemandDaysAsync(CancellationToken cancellationToken = default)
    {
        using var connection = _database.Open();
        using var command = Command(connection, null, DemandSql.Days);
        using var reader = command.ExecuteReader();
        reader.Read();
        return Task.FromResult<(DateOnly?, DateOnly?)>((
            reader.IsDBNull(0) ? null : DateOnly.FromDayNumber(reader.GetInt32(0)),
            reader.IsDBNull(1) ? null : DateOnly.FromDayNumber(reader.GetInt32(1))));
    }

    /// <summary>Largest set of SKUs a series read filters in SQL (an IN list) rather than in .NET.</summary>
    private const int MaxSkusFilteredInSql = 10_000;

    /// <summary>Largest set of SKUs read by one key seek per day and SKU rather than one pass over the table.</summary>
    private const int MaxSkusSeekedByDay = 64;

    public async IAsyncEnumerable<DemandSeries> ReadDailySeriesAsync(DateOnly? lastDay, Func<string, bool>? includeSku, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var read in ReadSeriesAsync(lastDay, includeSku, withSignals: false, cancellationToken))
        {
            yield return read.Series;
        }
    }

    public IAsyncEnumerable<SeriesWithSignals> ReadDailySeriesWithSignalsAsync(DateOnly? lastDay, Func<string, bool>? includeSku, CancellationToken cancellationToken = default) =>
        ReadSeriesAsync(lastDay, includeSku, withSignals: true, cancellationToken);

    private async IAsyncEnumerable<SeriesWithSignals> ReadSeriesAsync(DateOnly? lastDay, Func<string, bool>? includeSku, bool withSignals, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var (firstDay, lastStoredDay) = await GetDemandDaysAsync(cancellationToken);
        if (firstDay is not { } dataStart || lastStoredDay is not { } dataEnd)
        {
            yield break;
        }

        var end = lastDay ?? dataEnd;
        if (end < dataStart)
        {
            yield break;
        }

        using var connection = _database.Open();
        var skus = new Dictionary<int, (string Sku, int? Launch)>();
        using (var command = Command(connection, null, "SELECT id, sku, launch_day FROM skus"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                skus[reader.GetInt32(0)] = (reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetInt32(2));
            }
        }

        var excluded = includeSku is null ? [] : skus.Where(s => !includeSku(s.Value.Sku)).Select(s => s.Key).ToHashSet();
        // A few SKUs (one SKU's page, a training shard) are filtered inside SQLite: the scan stays in C and only their
        // rows reach .NET (the day-major key has no per-SKU order, so it is still one pass over the table).
        int included = skus.Count - excluded.Count;
        if (included == 0)
        {
            yield break;
        }

        string only = includeSku is not null && included <= MaxSkusFilteredInSql
            ? $" AND sku_id IN ({string.Join(',', skus.Keys.Where(id => !excluded.Contains(id)).Select(id => id.ToString(CultureInfo.InvariantCulture)))})"
            : string.Empty;
        if (only.Length > 0)
        {
            excluded = [];
        }
        var regions = new Dictionary<int, string>();
        using (var command = Command(connection, null, "SELECT id, region FROM regions"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                regions[reader.GetInt32(0)] = reader.GetString(1);
            }
        }

        // One scan in key (day) order fills a dense array per series (and per signal column when asked);
        // memory is one int per series-day and column.
        int days = end.DayNumber - dataStart.DayNumber + 1;
        int columns = withSignals ? 1 + StoredSignals.Names.Count : 1;
        string selected = withSignals ? "units, views, searches, cart_adds, wishlist_adds" : "units";
        var units = new Dictionary<(int Sku, int Region), (int[][] Columns, int First)>();
        // For a handful of SKUs, seek the key at each day (day, sku) instead of scanning every row.
        string sql = only.Length > 0 && included <= MaxSkusSeekedByDay
            ? $"""
                WITH RECURSIVE days(d) AS (SELECT $s UNION ALL SELECT d + 1 FROM days WHERE d < $e)
                SELECT demand.day, sku_id, region_id, {selected} FROM days JOIN demand ON demand.day = days.d{only}
                """
            : $"SELECT day, sku_id, region_id, {selected} FROM demand WHERE day <= $e AND $s <= day{only}";
        using (var scan = Command(connection, null, sql, "$e", "$s"))
        {
            scan.Parameters[0].Value = end.DayNumber;
            scan.Parameters[1].Value = dataStart.DayNumber;
            using var rows = scan.ExecuteReader();
            while (rows.Read())
            {
                if (excluded.Count > 0 && excluded.Contains(rows.GetInt32(1)))
                {
                    continue;
                }

                int offset = rows.GetInt32(0) - dataStart.DayNumber;
                var key = (rows.GetInt32(1), rows.GetInt32(2));
                if (!units.TryGetValue(key, out var series))
                {
                    series = ([.. Enumerable.Range(0, columns).Select(_ => new int[days])], offset);
                }

                for (int c = 0; c < columns; c++)
                {
                    series.Columns[c][offset] = rows.GetInt32(3 + c);
                }

                units[key] = (series.Columns, Math.Min(series.First, offset));
            }
        }

        foreach (var ((skuId, regionId), (values, first)) in units.OrderBy(e => e.Key.Sku).ThenBy(e => e.Key.Region))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (sku, launch) = skus[skuId];

            // Unknown launch: the item is taken to be on sale since before the data began, so its quiet days
            // are zeros. A sale before the recorded launch wins over the catalog (the launch was earlier).
            int start = launch is { } l ? Math.Max(0, Math.Min(l - dataStart.DayNumber, first)) : 0;
            var series = new DemandSeries(new SeriesKey(sku, regions[regionId]), Granularity.Day, dataStart.AddDays(start), StoredSignals.Values(values[0], start));
            yield return new SeriesWithSignals(series, withSignals ? StoredSignals.From(series, values, start) : null);
            units.Remove((skuId, regionId));
        }
    }

    public Task<IReadOnlyList<CatalogItem>> GetCatalogAsync(CancellationToken cancellationToken = default)
    {
        using var connection = _database.Open();
        using var command = Command(connection, null, "SELECT sku, category, style, color, material, launch_day, price, unit_cost, case_pack FROM skus ORDER BY sku");
        using var reader = command.ExecuteReader();
        var items = new List<CatalogItem>();
        while (reader.Read())
        {
            items.Add(new CatalogItem(
                reader.GetString(0),
                reader.IsDBNull(1) ? "" : reader.GetString(1),
                reader.IsDBNull(2) ? "" : reader.GetString(2),
                reader.IsDBNull(3) ? "" : reader.GetString(3),
                reader.IsDBNull(4) ? "" : reader.GetString(4),
                reader.IsDBNull(5) ? null : DateOnly.FromDayNumber(reader.GetInt32(5)),
                reader.IsDBNull(6) ? null : (decimal)reader.GetDouble(6),
                reader.IsDBNull(7) ? null : (decimal)reader.GetDouble(7),
                reader.GetInt32(8)));
        }

        return Task.FromResult<IReadOnlyList<CatalogItem>>(items);
    }

    public Task<Network> GetNetworkAsync(CancellationToken cancellationToken = default)
    {
        using var connection = _database.Open();
        var regions = new List<Region>();
        using (var command = Command(connection, null, "SELECT region, name, country FROM regions WHERE auto_registered = 0 ORDER BY region"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                regions.Add(new Region(reader.GetString(0), reader.IsDBNull(1) ? "" : reader.GetString(1), reader.IsDBNull(2) ? "" : reader.GetString(2)));
            }
        }

        var served = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        using (var command = Command(connection, null, "SELECT warehouse, region FROM warehouse_regions ORDER BY warehouse, region"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var key = reader.GetString(0);
                if (!served.TryGetValue(key, out var list))
                {
                    served[key] = list = [];
                }

                list.Add(reader.GetString(1));
            }
        }

        var warehouses = new List<Warehouse>();
        using (var command = Command(connection, null, "SELECT id, latitude, longitude, capacity, is_central FROM warehouses ORDER BY id"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var id = reader.GetString(0);
                warehouses.Add(new Warehouse(id, served.TryGetValue(id, out var list) ? list : [], reader.GetDouble(1), reader.GetDouble(2), reader.GetInt32(3), reader.GetInt32(4) != 0));
            }
        }

        var lanes = new List<Lane>();
        using (var command = Command(connection, null, "SELECT from_warehouse, to_warehouse, lead_time_days, cost_per_unit, min_qty FROM lanes ORDER BY from_warehouse, to_warehouse"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                lanes.Add(new Lane(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), (decimal)reader.GetDouble(3), reader.GetInt32(4)));
            }
        }

        return Task.FromResult(new Network(regions, warehouses, lanes));
    }

    public Task<IReadOnlyList<InventoryPosition>> GetInventoryAsync(CancellationToken cancellationToken = default)
    {
        using var connection = _database.Open();
        using var command = Command(connection, null, "SELECT i.warehouse, s.sku, i.on_hand, i.in_transit, i.committed, i.as_of_day FROM inventory i JOIN skus s ON s.id = i.sku_id ORDER BY i.warehouse, s.sku");
        using var reader = command.ExecuteReader();
        var positions = new List<InventoryPosition>();
        while (reader.Read())
        {
            positions.Add(new InventoryPosition(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4),
                reader.IsDBNull(5) ? DateOnly.MinValue : DateOnly.FromDayNumber(reader.GetInt32(5))));
        }

        return Task.FromResult<IReadOnlyList<InventoryPosition>>(positions);
    }
}
