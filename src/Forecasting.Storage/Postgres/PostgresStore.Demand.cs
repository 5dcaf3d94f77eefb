using System.Runtime.CompilerServices;
using Forecasting.Core.Domain;
using Forecasting.Storage.Abstractions;

namespace Forecasting.Storage.Postgres;

public sealed partial class PostgresStore
{
    public Task<DemandSummary> GetDemandSummaryAsync(CancellationToken cancellationToken = default) => Retry(async () =>
    {
        await using var connection = await Source.OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null, "SELECT count(*), min(day), max(day), (SELECT count(*) FROM (SELECT DISTINCT sku_id, region_id FROM demand) s) FROM demand");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new DemandSummary(
            reader.GetInt64(0),
            (int)reader.GetInt64(3),
            reader.IsDBNull(1) ? null : DateOnly.FromDayNumber(reader.GetInt32(1)),
            reader.IsDBNull(2) ? null : DateOnly.FromDayNumber(reader.GetInt32(2)));
    }, cancellationToken);

    public Task<(DateOnly? First, DateOnly? Last)> GetDemandDaysAsync(CancellationToken cancellationToken = default) => Retry(async () =>
    {
        await using var connection = await Source.OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null, DemandSql.Days);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return ((DateOnly?, DateOnly?))(
            reader.IsDBNull(0) ? null : DateOnly.FromDayNumber(reader.GetInt32(0)),
            reader.IsDBNull(1) ? null : DateOnly.FromDayNumber(reader.GetInt32(1)));
    }, cancellationToken);

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

        var (skus, regions) = await Retry(async () =>
        {
            await using var connection = await Source.OpenConnectionAsync(cancellationToken);
            var skus = new Dictionary<int, (string Sku, int? Launch)>();
            await using (var command = Command(connection, null, "SELECT id, sku, launch_day FROM skus"))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    skus[reader.GetInt32(0)] = (reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetInt32(2));
                }
            }

            var regions = new Dictionary<int, string>();
            await using (var command = Command(connection, null, "SELECT id, region FROM regions"))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    regions[reader.GetInt32(0)] = reader.GetString(1);
                }
            }

            return (skus, regions);
        }, cancellationToken);

        // One row per series (its days and units as arrays, grouped over the series index in series order):
        // a shard receives ~90x fewer rows than one per day, and only one dense array is alive at a time.
        // A connection lost mid-stream (a database restart) resumes after the last series delivered.
        int days = end.DayNumber - dataStart.DayNumber + 1;
        int[]? included = includeSku is null ? null : [.. skus.Where(s => includeSku(s.Value.Sku)).Select(s => s.Key).Order()];
        (int Sku, int Region)? after = null;
        int lostWithoutProgress = 0;
        while (true)
        {
            var cursor = await Retry(() => SeriesCursor.OpenAsync(Source, end.DayNumber, included, after, withSignals, cancellationToken), cancellationToken);
            await using (cursor)
            {
                while (true)
                {
                    (int Sku, int Region, int[] Days, int[][] Columns)? row;
                    try
                    {
                        row = await cursor.ReadAsync(cancellationToken);
                    }
                    catch (Npgsql.NpgsqlException error) when (PostgresFaults.IsTransient(error) && !cancellationToken.IsCancellationRequested && ++lostWithoutProgress <= MaxStreamResumes)
                    {
                        break; // reopened after the last series delivered (the retry waits for the database)
                    }

                    if (row is not { } found)
                    {
                        yield break;
                    }

                    lostWithoutProgress = 0;
                    after = (found.Sku, found.Region);
                    var values = found.Columns.Select(_ => new int[days]).ToArray();
                    int first = int.MaxValue;
                    for (int i = 0; i < found.Days.Length; i++)
                    {
                        int offset = found.Days[i] - dataStart.DayNumber;
                        for (int c = 0; c < values.Length; c++)
                        {
                            values[c][offset] = found.Columns[c][i];
                        }

                        first = Math.Min(first, offset);
                    }

                    yield return Series((found.Sku, found.Region), values, first);
                }
            }
        }

        SeriesWithSignals Series((int Sku, int Region) key, int[][] columns, int firstOffset)
        {
            var (sku, launch) = skus[key.Sku];

            // As in the SQLite store: unknown launch = on sale since before the data; a sale before the
            // recorded launch wins over the catalog.
            int start = launch is { } l ? Math.Max(0, Math.Min(l - dataStart.DayNumber, firstOffset)) : 0;
            var series = new DemandSeries(new SeriesKey(sku, regions[key.Region]), Granularity.Day, dataStart.AddDays(start), StoredSignals.Values(columns[0], start));
            return new SeriesWithSignals(series, withSignals ? StoredSignals.From(series, columns, start) : null);
        }
    }

    public Task<IReadOnlyList<CatalogItem>> GetCatalogAsync(CancellationToken cancellationToken = default) => Retry(async () =>
    {
        await using var connection = await Source.OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null, "SELECT sku, category, style, color, material, launch_day, price, unit_cost, case_pack FROM skus ORDER BY sku COLLATE \"C\"");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var items = new List<CatalogItem>();
        while (await reader.ReadAsync(cancellationToken))
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

        return (IReadOnlyList<CatalogItem>)items;
    }, cancellationToken);

    public Task<Network> GetNetworkAsync(CancellationToken cancellationToken = default) => Retry(async () =>
    {
        await using var connection = await Source.OpenConnectionAsync(cancellationToken);
        var regions = new List<Region>();
        await using (var command = Command(connection, null, "SELECT region, name, country FROM regions WHERE auto_registered = 0 ORDER BY region COLLATE \"C\""))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                regions.Add(new Region(reader.GetString(0), reader.IsDBNull(1) ? "" : reader.GetString(1), reader.IsDBNull(2) ? "" : reader.GetString(2)));
            }
        }

        var served = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        await using (var command = Command(connection, null, "SELECT warehouse, region FROM warehouse_regions ORDER BY warehouse COLLATE \"C\", region COLLATE \"C\""))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
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
        await using (var command = Command(connection, null, "SELECT id, latitude, longitude, capacity, is_central FROM warehouses ORDER BY id COLLATE \"C\""))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = reader.GetString(0);
                warehouses.Add(new Warehouse(id, served.TryGetValue(id, out var list) ? list : [], reader.GetDouble(1), reader.GetDouble(2), reader.GetInt32(3), reader.GetInt32(4) != 0));
            }
        }

        var lanes = new List<Lane>();
        await using (var command = Command(connection, null, "SELECT from_warehouse, to_warehouse, lead_time_days, cost_per_unit, min_qty FROM lanes ORDER BY from_warehouse COLLATE \"C\", to_warehouse COLLATE \"C\""))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                lanes.Add(new Lane(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), (decimal)reader.GetDouble(3), reader.GetInt32(4)));
            }
        }

        return new Network(regions, warehouses, lanes);
    }, cancellationToken);

    public Task<IReadOnlyList<InventoryPosition>> GetInventoryAsync(CancellationToken cancellationToken = default) => Retry(async () =>
    {
        await using var connection = await Source.OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null, "SELECT i.warehouse, s.sku, i.on_hand, i.in_transit, i.committed, i.as_of_day FROM inventory i JOIN skus s ON s.id = i.sku_id ORDER BY i.warehouse COLLATE \"C\", s.sku COLLATE \"C\"");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var positions = new List<InventoryPosition>();
        while (await reader.ReadAsync(cancellationToken))
        {
            positions.Add(new InventoryPosition(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4),
                reader.IsDBNull(5) ? DateOnly.MinValue : DateOnly.FromDayNumber(reader.GetInt32(5))));
        }

        return (IReadOnlyList<InventoryPosition>)positions;
    }, cancellationToken);

    /// <summary>Times a series stream is reopened after losing its connection without delivering a series in between.</summary>
    private const int MaxStreamResumes = 5;

    /// <summary>The per-series scan of <see cref="ReadDailySeriesAsync(DateOnly?, Func{string, bool}?, CancellationToken)"/>,
    /// in (sku_id, region_id) order from after <c>after</c>.</summary>
    private sealed class SeriesCursor(Npgsql.NpgsqlConnection connection, Npgsql.NpgsqlCommand command, Npgsql.NpgsqlDataReader reader, int columns) : IAsyncDisposable
    {
        public static async Task<SeriesCursor> OpenAsync(Npgsql.NpgsqlDataSource source, int lastDay, int[]? skuIds, (int Sku, int Region)? after, bool withSignals, CancellationToken cancellationToken)
        {
            var connection = await source.OpenConnectionAsync(cancellationToken);
            try
            {
                string signals = withSignals ? ", array_agg(views), array_agg(searches), array_agg(cart_adds), array_agg(wishlist_adds)" : "";
                var command = Command(connection, null, $"""
                    SELECT sku_id, region_id, array_agg(day), array_agg(units){signals} FROM demand
                    WHERE day <= $1 AND ($2::integer[] IS NULL OR sku_id = ANY($2)) AND ($3::integer IS NULL OR (sku_id, region_id) > ($3, $4))
                    GROUP BY sku_id, region_id ORDER BY sku_id, region_id
                    """, lastDay, skuIds, after?.Sku, after?.Region);
                return new SeriesCursor(connection, command, await command.ExecuteReaderAsync(cancellationToken), withSignals ? 5 : 1);
            }
            catch
            {
                await connection.DisposeAsync();
                throw;
            }
        }

        /// <returns>The next series' key, days and units (then its signals when read); null at the end.</returns>
        public async Task<(int Sku, int Region, int[] Days, int[][] Columns)?> ReadAsync(CancellationToken cancellationToken) =>
            await reader.ReadAsync(cancellationToken)
                ? (reader.GetInt32(0), reader.GetInt32(1), reader.GetFieldValue<int[]>(2), [.. Enumerable.Range(3, columns).Select(reader.GetFieldValue<int[]>)])
                : null;

        public async ValueTask DisposeAsync()
        {
            try
            {
                await reader.DisposeAsync();
                await command.DisposeAsync();
            }
            catch (Npgsql.NpgsqlException)
            {
                // the connection is gone already (a lost stream being reopened)
            }

            await connection.DisposeAsync();
        }
    }
}
