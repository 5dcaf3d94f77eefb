using System.Globalization;
using Forecasting.Core.Domain;
using Forecasting.Storage.Abstractions;
using Forecasting.Storage.Sql;
using Npgsql;
using Forecasting.Storage.Files;
using NpgsqlTypes;

namespace Forecasting.Storage.Postgres;

public sealed partial class PostgresStore
{
    /// <summary>Rows between cancellation checks while a COPY streams.</summary>
    private const int CopyCheckEvery = 1_024;

    /// <summary>The secondary index of demand (per-series reads), dropped while a load fills an empty table.</summary>
    /// <remarks>It carries the units too, so a series read (a training shard, one SKU) is an index-only scan in
    /// series order instead of one random heap visit per row of the day-major table.</remarks>
    internal const string SeriesIndex = "CREATE INDEX IF NOT EXISTS ix_demand_series ON demand (sku_id, region_id, day) INCLUDE (units)";

    /// <summary>Two: each COPY is one server process, so two batches of new days keep both cores busy.</summary>
    public int ConcurrentDemandBatches => 2;

    public Task<IngestLoad> BeginLoadAsync(string kind, string source, CancellationToken cancellationToken = default) => Retry(async () =>
    {
        var startedAt = _clock.GetUtcNow();
        await using var connection = await Source.OpenConnectionAsync(cancellationToken);
        if (kind == nameof(IngestKind.Demand))
        {
            // A first (history) load into an empty table: keep only the day-major key, which the day-ordered export
            // appends to, and build the per-series index once at the end of the load (a sort instead of millions of
            // random B-tree inserts: 19.4 s -> 7.2 s + the build for 5 million rows, measured with psql COPY).
            await ExecuteAsync(connection, null, "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM demand) THEN DROP INDEX IF EXISTS ix_demand_series; END IF; END $$", cancellationToken);
        }

        await using var command = Command(connection, null, "INSERT INTO ingest_loads (kind, source, started_at, status) VALUES ($1, $2, $3, 'running') RETURNING id", kind, source, startedAt);
        long id = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        return new IngestLoad(id, kind, source, startedAt);
    }, cancellationToken);

    public Task CompleteLoadAsync(IngestLoad load, IngestCounts counts, LoadStatus status, CancellationToken cancellationToken = default) => Retry(async () =>
    {
        ArgumentNullException.ThrowIfNull(load);
        ArgumentNullException.ThrowIfNull(counts);
        await using var connection = await Source.OpenConnectionAsync(cancellationToken);
        if (load.Kind == nameof(IngestKind.Demand))
        {
            // Whatever the outcome, the index is back before the load ends. Built over a whole history it takes minutes
            // (100 million rows: longer than the default 30 s command timeout), so it has none.
            await using var index = Command(connection, null, SeriesIndex);
            index.CommandTimeout = 0;
            await index.ExecuteNonQueryAsync(cancellationToken);
        }

        return await ExecuteAsync(connection, null,
            "UPDATE ingest_loads SET finished_at = $1, status = $2, rows_read = $3, accepted = $4, rejected = $5, duplicates = $6, excluded = $7 WHERE id = $8", cancellationToken,
            _clock.GetUtcNow(), StatusText.Of(status), counts.RowsRead, counts.Accepted, counts.Rejected, counts.Duplicates, counts.Excluded, load.Id);
    }, cancellationToken);

    public Task<ReferenceData> GetReferenceDataAsync(CancellationToken cancellationToken = default) => Retry(async () =>
    {
        await using var connection = await Source.OpenConnectionAsync(cancellationToken);
        return await ReadReferenceDataAsync(connection, cancellationToken);
    }, cancellationToken);

    private static async Task<ReferenceData> ReadReferenceDataAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var skus = new Dictionary<string, int>(StringComparer.Ordinal);
        var regions = new Dictionary<string, int>(StringComparer.Ordinal);
        var warehouses = new HashSet<string>(StringComparer.Ordinal);
        await using (var command = Command(connection, null, "SELECT id, sku FROM skus"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                skus[reader.GetString(1)] = reader.GetInt32(0);
            }
        }

        await using (var command = Command(connection, null, "SELECT id, region FROM regions"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                regions[reader.GetString(1)] = reader.GetInt32(0);
            }
        }

        await using (var command = Command(connection, null, "SELECT id FROM warehouses"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                warehouses.Add(reader.GetString(0));
            }
        }

        return new ReferenceData(skus, regions, warehouses);
    }

    public Task<ReferenceData> RegisterAsync(IReadOnlyCollection<string> skus, IReadOnlyCollection<string> regions, CancellationToken cancellationToken = default) => Retry(async () =>
    {
        await using var connection = await Source.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, "INSERT INTO skus (sku, auto_registered) SELECT unnest($1::text[]), 1 ON CONFLICT (sku) DO NOTHING", cancellationToken, (object)skus.ToArray());
        await ExecuteAsync(connection, transaction, "INSERT INTO regions (region, auto_registered) SELECT unnest($1::text[]), 1 ON CONFLICT (region) DO NOTHING", cancellationToken, (object)regions.ToArray());
        await transaction.CommitAsync(cancellationToken);
        return await ReadReferenceDataAsync(connection, cancellationToken);
    }, cancellationToken);

    public Task<IReadOnlyList<IngestReject>> GetRejectsAsync(string? source = null, int limit = 100, bool allLoads = false, CancellationToken cancellationToken = default) => Retry(async () =>
    {
        await using var connection = await Source.OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null, """
            SELECT source, line, field, reason, value FROM ingest_rejects r
            WHERE ($1::text IS NULL OR source = $1)
              AND ($3 OR load_id = (SELECT max(l.id) FROM ingest_loads l WHERE l.source = r.source))
            ORDER BY load_id DESC, line, field COLLATE "C" LIMIT $2
            """, source, limit, allLoads);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rejects = new List<IngestReject>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rejects.Add(new IngestReject(reader.GetString(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4)));
        }

        return (IReadOnlyList<IngestReject>)rejects;
    }, cancellationToken);

    private static async Task WriteRejectsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IngestLoad load, IReadOnlyList<IngestReject> rejects, CancellationToken cancellationToken)
    {
        if (rejects.Count == 0)
        {
            return;
        }

        await ExecuteAsync(connection, transaction, """
            INSERT INTO ingest_rejects (load_id, source, line, field, reason, value)
            SELECT $1, * FROM unnest($2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[])
            ON CONFLICT DO NOTHING
            """, cancellationToken,
            load.Id, rejects.Select(r => r.Source).ToArray(), rejects.Select(r => r.Line).ToArray(), rejects.Select(r => r.Field).ToArray(),
            rejects.Select(r => r.Reason).ToArray(), rejects.Select(r => r.Value).ToArray());
    }

    public Task<BatchResult> WriteDemandBatchAsync(IngestLoad load, IReadOnlyList<DemandRow> rows, IReadOnlyList<IngestReject> rejects, CancellationToken cancellationToken = default) => Retry(async () =>
    {
        ArgumentNullException.ThrowIfNull(load);
        ArgumentNullException.ThrowIfNull(rows);
        cancellationToken.ThrowIfCancellationRequested();
        await using var connection = await Source.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        long version = await LockCatalogVersionAsync(connection, transaction, alone: false, cancellationToken);
        var cells = await TrendCellsAsync(connection, transaction, version, rows, static r => r.SkuId, cancellationToken);
        if (await TryAppendNewDaysAsync(connection, transaction, load, rows, cancellationToken))
        {
            await AddTrendDeltaAsync(connection, transaction, NewRowsDelta(cells, rows), cancellationToken); // the batch and its rollup change commit together
            await WriteRejectsAsync(connection, transaction, load, rejects, cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
            await transaction.CommitAsync(cancellationToken);
            return new BatchResult(rows.Count, 0, []);
        }

        var delta = new TrendDelta(cells);
        int accepted = await MergeDemandAsync(connection, transaction, load, rows, delta, cancellationToken);
        await AddTrendDeltaAsync(connection, transaction, delta, cancellationToken);
        await WriteRejectsAsync(connection, transaction, load, rejects, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        await transaction.CommitAsync(cancellationToken);
        return new BatchResult(accepted, rows.Count - accepted, []);
    }, cancellationToken);

    /// <summary>
    /// The path of re-sent and corrected days: the batch is COPYed into a temporary staging table (no WAL), then one
    /// statement compares it with the stored rows of its day range (one index range scan) and writes only the new
    /// keys and the changed values. An identical re-sent row is read, never written (no new row version, no index
    /// entry, no WAL), so a re-load runs at about the speed of a first load.
    /// </summary>
    /// <returns>The rows written (new or changed); the others were identical to the stored ones. Their change (new
    /// minus stored values) is added to <paramref name="delta"/>.</returns>
    private static async Task<int> MergeDemandAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IngestLoad load, IReadOnlyList<DemandRow> rows, TrendDelta delta,
        CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return 0;
        }

        int firstDay = int.MaxValue, lastDay = int.MinValue;
        for (int i = 0; i < rows.Count; i++)
        {
            firstDay = Math.Min(firstDay, rows[i].Day);
            lastDay = Math.Max(lastDay, rows[i].Day);
        }

        await ExecuteAsync(connection, transaction, """
            CREATE TEMP TABLE IF NOT EXISTS demand_stage (
                sku_id integer, region_id integer, day integer, units integer, returns integer, views integer,
                searches integer, cart_adds integer, wishlist_adds integer, line bigint) ON COMMIT DELETE ROWS
            """, cancellationToken);
        await DemandCopy.CopyAsync(connection, "COPY demand_stage FROM STDIN (FORMAT BINARY)", rows, null, cancellationToken);
        // The rows to write, with the stored values they replace; the statement writes them and returns their change.
        await using var merge = Command(connection, transaction, """
            WITH changed AS (
                SELECT s.*, d.day IS NULL AS fresh, d.units AS old_units, d.returns AS old_returns, d.views AS old_views,
                       d.searches AS old_searches, d.cart_adds AS old_cart_adds, d.wishlist_adds AS old_wishlist_adds
                FROM demand_stage s
                LEFT JOIN (SELECT * FROM demand WHERE day BETWEEN $2 AND $3) d
                    ON d.day = s.day AND d.sku_id = s.sku_id AND d.region_id = s.region_id
                WHERE d.day IS NULL
                   OR (d.units, d.returns, d.views, d.searches, d.cart_adds, d.wishlist_adds)
                      IS DISTINCT FROM (s.units, s.returns, s.views, s.searches, s.cart_adds, s.wishlist_adds)),
            written AS (
                INSERT INTO demand (sku_id, region_id, day, units, returns, views, searches, cart_adds, wishlist_adds, load_id, line)
                SELECT sku_id, region_id, day, units, returns, views, searches, cart_adds, wishlist_adds, $1, line FROM changed
                ON CONFLICT (day, sku_id, region_id) DO UPDATE SET
                    units = excluded.units, returns = excluded.returns, views = excluded.views, searches = excluded.searches,
                    cart_adds = excluded.cart_adds, wishlist_adds = excluded.wishlist_adds, load_id = excluded.load_id, line = excluded.line)
            SELECT sku_id, region_id, day, fresh, units - coalesce(old_units, 0), returns - coalesce(old_returns, 0), views - coalesce(old_views, 0),
                   searches - coalesce(old_searches, 0), cart_adds - coalesce(old_cart_adds, 0), wishlist_adds - coalesce(old_wishlist_adds, 0)
            FROM changed
            """, load.Id, firstDay, lastDay);
        int written = 0;
        await using var reader = await merge.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            written++;
            delta.Add(reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetBoolean(3) ? 1 : 0,
                reader.GetInt32(4), reader.GetInt32(5), reader.GetInt32(6), reader.GetInt32(7), reader.GetInt32(8), reader.GetInt32(9));
        }

        return written;
    }

    public Task<BatchResult> WriteOrderLinesBatchAsync(IngestLoad load, IReadOnlyList<OrderLineRow> rows, IReadOnlyList<IngestReject> rejects, CancellationToken cancellationToken = default) => Retry(async () =>
    {
        ArgumentNullException.ThrowIfNull(load);
        ArgumentNullException.ThrowIfNull(rows);
        cancellationToken.ThrowIfCancellationRequested();
        await using var connection = await Source.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, """
            CREATE TEMP TABLE IF NOT EXISTS order_stage (
                order_id text, sku_id integer, ts bigint, region_id integer, day integer, quantity integer,
                price double precision, line bigint) ON COMMIT DELETE ROWS
            """, cancellationToken);
        await CopyRowsAsync(connection, "COPY order_stage FROM STDIN (FORMAT BINARY)", rows, WriteOrderLineAsync, cancellationToken);
        await ExecuteAsync(connection, transaction, "ANALYZE order_stage", cancellationToken); // else the joins below are planned for an empty table

        // A line's occurrence: its rank among the batch's lines with the same order id, SKU and timestamp, after
        // the lines of that key this load already wrote or claimed in earlier batches (as in the SQLite store).
        await ExecuteAsync(connection, transaction, """
            CREATE TEMP TABLE IF NOT EXISTS order_keyed (
                order_id text, sku_id integer, ts bigint, occurrence integer, region_id integer, day integer, quantity integer,
                price double precision, line bigint) ON COMMIT DELETE ROWS
            """, cancellationToken);
        await ExecuteAsync(connection, transaction, """
            INSERT INTO order_keyed
            SELECT s.order_id, s.sku_id, s.ts,
                   (coalesce(p.n, 0) + row_number() OVER (PARTITION BY s.order_id, s.sku_id, s.ts ORDER BY s.line))::integer,
                   s.region_id, s.day, s.quantity, s.price, s.line
            FROM order_stage s LEFT JOIN (
                SELECT o.order_id, o.sku_id, o.ts, count(*) AS n
                FROM order_lines o JOIN (SELECT DISTINCT order_id, sku_id, ts FROM order_stage) k
                    ON k.order_id = o.order_id AND k.sku_id = o.sku_id AND k.ts = o.ts
                WHERE o.load_id = $1
                GROUP BY o.order_id, o.sku_id, o.ts) p ON p.order_id = s.order_id AND p.sku_id = s.sku_id AND p.ts = s.ts
            """, cancellationToken, load.Id);

        await ExecuteAsync(connection, transaction, """
            CREATE TEMP TABLE IF NOT EXISTS touched_days (sku_id integer, region_id integer, day integer, PRIMARY KEY (sku_id, region_id, day)) ON COMMIT DELETE ROWS
            """, cancellationToken);

        // New and changed lines are written (accepted); identical stored lines are claimed by this load (duplicates).
        await using var merge = Command(connection, transaction, """
            WITH joined AS (
                SELECT k.*, o.load_id AS stored_load,
                       (o.quantity, o.region_id, o.price) IS NOT DISTINCT FROM (k.quantity, k.region_id, k.price) AS same
                FROM order_keyed k LEFT JOIN order_lines o
                    ON o.order_id = k.order_id AND o.sku_id = k.sku_id AND o.ts = k.ts AND o.occurrence = k.occurrence),
            merged AS (
                INSERT INTO order_lines (order_id, sku_id, ts, occurrence, region_id, day, quantity, price, load_id, line)
                SELECT order_id, sku_id, ts, occurrence, region_id, day, quantity, price, $1, line FROM joined
                ON CONFLICT (order_id, sku_id, ts, occurrence) DO UPDATE SET
                    region_id = excluded.region_id, day = excluded.day, quantity = excluded.quantity, price = excluded.price,
                    load_id = excluded.load_id, line = excluded.line
                RETURNING 1),
            touched AS (
                INSERT INTO touched_days SELECT DISTINCT sku_id, region_id, day FROM joined
                WHERE stored_load IS NULL OR NOT same
                ON CONFLICT DO NOTHING
                RETURNING 1)
            SELECT count(*) FILTER (WHERE stored_load IS NULL OR NOT same),
                   count(*) FILTER (WHERE stored_load IS NOT NULL AND same),
                   (SELECT count(*) FROM merged) + (SELECT count(*) FROM touched)
            FROM joined
            """, load.Id);
        var (accepted, duplicates) = await CountsAsync(merge, cancellationToken);

        // Daily demand derived from every stored order line of the touched days (as in the SQLite store); the trend
        // rollups get the new minus the stored totals.
        await AddTrendDeltaAsync(connection, transaction, await DerivedDemandDeltaAsync(connection, transaction, cancellationToken), cancellationToken);
        await ExecuteAsync(connection, transaction, """
            INSERT INTO demand (sku_id, region_id, day, units, returns, views, searches, cart_adds, wishlist_adds, load_id, line)
            SELECT o.sku_id, o.region_id, o.day, sum(greatest(o.quantity, 0)), sum(greatest(-o.quantity, 0)), 0, 0, 0, 0, $1, 0
            FROM order_lines o JOIN touched_days t ON t.sku_id = o.sku_id AND t.region_id = o.region_id AND t.day = o.day
            GROUP BY o.sku_id, o.region_id, o.day
            ON CONFLICT (day, sku_id, region_id) DO UPDATE SET units = excluded.units, returns = excluded.returns
            """, cancellationToken, load.Id);
        await WriteRejectsAsync(connection, transaction, load, rejects, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        await transaction.CommitAsync(cancellationToken);
        return new BatchResult(accepted, duplicates, []);
    }, cancellationToken);

    /// <summary>
    /// The fast path of the usual daily export: when no day of the batch is before the last stored day, its keys
    /// are almost surely new, so the rows are COPYed straight into the demand table (no staging, no merge). A key
    /// that exists, or is repeated inside the batch, makes the COPY fail on the primary key; the savepoint is
    /// rolled back and the general path (which tells duplicates, changes and repeats apart) runs instead.
    /// </summary>
    private static async Task<bool> TryAppendNewDaysAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IngestLoad load, IReadOnlyList<DemandRow> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return false;
        }

        int firstDay = int.MaxValue;
        for (int i = 0; i < rows.Count; i++)
        {
            firstDay = Math.Min(firstDay, rows[i].Day);
        }

        await using (var last = Command(connection, transaction, "SELECT max(day) FROM demand"))
        {
            // The last stored day itself is allowed: an export split across batches continues that day with other
            // keys; a key that does exist makes the COPY fail and the general path take over.
            if (await last.ExecuteScalarAsync(cancellationToken) is int lastDay && firstDay < lastDay)
            {
                return false;
            }
        }

        await transaction.SaveAsync("append", cancellationToken);
        try
        {
            await DemandCopy.CopyAsync(connection,
                "COPY demand (sku_id, region_id, day, units, returns, views, searches, cart_adds, wishlist_adds, load_id, line) FROM STDIN (FORMAT BINARY)",
                rows, load.Id, cancellationToken);
            return true;
        }
        catch (PostgresException error) when (error.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            await transaction.RollbackAsync("append", cancellationToken);
            return false;
        }
    }

    /// <summary>The upsert of the staged inventory positions: each written when it is new, or newer (or undated) and
    /// different. The batch holds distinct positions: the pipeline rejects a position named twice in a file.</summary>
    private const string InventoryUpsert = """
        INSERT INTO inventory (warehouse, sku_id, on_hand, in_transit, committed, as_of_day, load_id, line)
        SELECT warehouse, sku_id, on_hand, in_transit, committed, as_of_day, $1, line FROM inventory_stage
        ON CONFLICT (warehouse, sku_id) DO UPDATE SET
            on_hand = excluded.on_hand, in_transit = excluded.in_transit, committed = excluded.committed,
            as_of_day = excluded.as_of_day, load_id = excluded.load_id, line = excluded.line
        WHERE (inventory.as_of_day IS NULL OR excluded.as_of_day IS NULL OR excluded.as_of_day >= inventory.as_of_day)
          AND (inventory.on_hand, inventory.in_transit, inventory.committed, inventory.as_of_day)
              IS DISTINCT FROM (excluded.on_hand, excluded.in_transit, excluded.committed, excluded.as_of_day)
        """;

    /// <summary>
    /// A batch of distinct positions in three statements whatever its size: COPY into a temporary stage table, one
    /// upsert of every staged row, and the rows it did not write with the stored as-of day (one round trip per row
    /// before: a night's 1.1 million positions took minutes).
    /// </summary>
    /// <returns>The rows not written (identical, or older than the stored position) with the stored as-of day.</returns>
    private static async Task<List<(InventoryRow Row, int? StoredDay)>> UpsertInventoryAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IngestLoad load, IReadOnlyList<InventoryRow> rows, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, transaction, """
            CREATE TEMP TABLE IF NOT EXISTS inventory_stage (
                warehouse text, sku_id integer, on_hand integer, in_transit integer, committed integer, as_of_day integer,
                line bigint) ON COMMIT DELETE ROWS
            """, cancellationToken);
        await CopyRowsAsync(connection, "COPY inventory_stage FROM STDIN (FORMAT BINARY)", rows, WriteInventoryRowAsync, cancellationToken);
        await using var upsert = Command(connection, transaction, $$"""
            WITH written AS ({{InventoryUpsert}}
                RETURNING line)
            SELECT s.line, i.as_of_day FROM inventory_stage s
            JOIN inventory i ON i.warehouse = s.warehouse AND i.sku_id = s.sku_id
            WHERE s.line NOT IN (SELECT line FROM written)
            """, load.Id);
        var byLine = rows.ToDictionary(r => r.Line);
        var unwritten = new List<(InventoryRow, int?)>();
        await using var reader = await upsert.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            unwritten.Add((byLine[reader.GetInt64(0)], reader.IsDBNull(1) ? null : reader.GetInt32(1)));
        }

        return unwritten;
    }

    private static async Task WriteInventoryRowAsync(NpgsqlBinaryImporter copy, InventoryRow row, CancellationToken cancellationToken)
    {
        await copy.WriteAsync(row.Warehouse, NpgsqlDbType.Text, cancellationToken);
        await copy.WriteAsync(row.SkuId, NpgsqlDbType.Integer, cancellationToken);
        await copy.WriteAsync(row.OnHand, NpgsqlDbType.Integer, cancellationToken);
        await copy.WriteAsync(row.InTransit, NpgsqlDbType.Integer, cancellationToken);
        await copy.WriteAsync(row.Committed, NpgsqlDbType.Integer, cancellationToken);
        if (row.AsOfDay is { } day)
        {
            await copy.WriteAsync(day, NpgsqlDbType.Integer, cancellationToken);
        }
        else
        {
            await copy.WriteNullAsync(cancellationToken);
        }

        await copy.WriteAsync(row.Line, NpgsqlDbType.Bigint, cancellationToken);
    }

    /// <summary>One binary COPY of <paramref name="rows"/>, checking for cancellation every
    /// <see cref="CopyCheckEvery"/> rows; an unfinished COPY is abandoned with its transaction.</summary>
    private static async Task CopyRowsAsync<T>(NpgsqlConnection connection, string copySql, IReadOnlyList<T> rows, Func<NpgsqlBinaryImporter, T, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        await using var copy = await connection.BeginBinaryImportAsync(copySql, cancellationToken);
        for (int i = 0; i < rows.Count; i++)
        {
            if (i % CopyCheckEvery == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            await copy.StartRowAsync(cancellationToken);
            await write(copy, rows[i], cancellationToken);
        }

        cancellationToken.ThrowIfCancellationRequested();
        await copy.CompleteAsync(cancellationToken);
    }

    private static async Task WriteOrderLineAsync(NpgsqlBinaryImporter copy, OrderLineRow row, CancellationToken cancellationToken)
    {
        await copy.WriteAsync(row.OrderId, NpgsqlDbType.Text, cancellationToken);
        await copy.WriteAsync(row.SkuId, NpgsqlDbType.Integer, cancellationToken);
        await copy.WriteAsync(row.TimestampTicks, NpgsqlDbType.Bigint, cancellationToken);
        await copy.WriteAsync(row.RegionId, NpgsqlDbType.Integer, cancellationToken);
        await copy.WriteAsync(row.Day, NpgsqlDbType.Integer, cancellationToken);
        await copy.WriteAsync(row.Quantity, NpgsqlDbType.Integer, cancellationToken);
        if (row.Price is { } price)
        {
            await copy.WriteAsync(price, NpgsqlDbType.Double, cancellationToken);
        }
        else
        {
            await copy.WriteNullAsync(cancellationToken);
        }

        await copy.WriteAsync(row.Line, NpgsqlDbType.Bigint, cancellationToken);
    }

    private static async Task<(int Accepted, int Duplicates)> CountsAsync(NpgsqlCommand merge, CancellationToken cancellationToken)
    {
        await using var reader = await merge.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return ((int)reader.GetInt64(0), (int)reader.GetInt64(1));
    }

    /// <summary>The rollup change of deriving the touched days' demand again from their order lines.</summary>
    private async Task<TrendDelta> DerivedDemandDeltaAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        long version = await LockCatalogVersionAsync(connection, transaction, alone: false, cancellationToken);
        var derived = new List<(int SkuId, int RegionId, int Day, bool Fresh, long Units, long Returns)>();
        await using (var read = Command(connection, transaction, """
            SELECT o.sku_id, o.region_id, o.day, d.day IS NULL,
                   sum(greatest(o.quantity, 0)) - coalesce(min(d.units), 0), sum(greatest(-o.quantity, 0)) - coalesce(min(d.returns), 0)
            FROM order_lines o JOIN touched_days t ON t.sku_id = o.sku_id AND t.region_id = o.region_id AND t.day = o.day
            LEFT JOIN demand d ON d.day = o.day AND d.sku_id = o.sku_id AND d.region_id = o.region_id
            GROUP BY o.sku_id, o.region_id, o.day, d.day
            """))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                derived.Add((reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetBoolean(3), reader.GetInt64(4), reader.GetInt64(5)));
            }
        }

        var delta = new TrendDelta(await TrendCellsAsync(connection, transaction, version, derived, static d => d.SkuId, cancellationToken));
        foreach (var d in derived)
        {
            delta.Add(d.SkuId, d.RegionId, d.Day, d.Fresh ? 1 : 0, d.Units, d.Returns, 0, 0, 0, 0);
        }

        return delta;
    }

    public Task<BatchResult> WriteCatalogBatchAsync(IngestLoad load, IReadOnlyList<CatalogRow> rows, IReadOnlyList<IngestReject> rejects, CancellationToken cancellationToken = default) => Retry(async () =>
    {
        ArgumentNullException.ThrowIfNull(load);
        ArgumentNullException.ThrowIfNull(rows);
        cancellationToken.ThrowIfCancellationRequested();
        await using var connection = await Source.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        long version = await LockCatalogVersionAsync(connection, transaction, alone: true, cancellationToken);
        var cellsBefore = await TrendCellMap.ReadAsync(connection, transaction, version, cancellationToken);
        int accepted = 0, duplicates = 0;
        foreach (var (_, item) in rows)
        {
            int changed = await ExecuteAsync(connection, transaction, """
                INSERT INTO skus (sku, category, style, color, material, launch_day, price, unit_cost, case_pack, auto_registered)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0)
                ON CONFLICT (sku) DO UPDATE SET
                    category = excluded.category, style = excluded.style, color = excluded.color, material = excluded.material,
                    launch_day = excluded.launch_day, price = excluded.price, unit_cost = excluded.unit_cost,
                    case_pack = excluded.case_pack, auto_registered = 0
                WHERE skus.auto_registered = 1
                   OR (skus.category, skus.style, skus.color, skus.material, skus.launch_day, skus.price, skus.unit_cost, skus.case_pack)
                      IS DISTINCT FROM (excluded.category, excluded.style, excluded.color, excluded.material, excluded.launch_day, excluded.price, excluded.unit_cost, excluded.case_pack)
                """, cancellationToken,
                item.Sku, item.Category, item.Style, item.Color, item.Material, item.LaunchDate?.DayNumber,
                item.Price is { } price ? (double)price : null, item.UnitCost is { } cost ? (double)cost : null, item.CasePack);
            if (changed == 1)
            {
                accepted++;
            }
            else
            {
                duplicates++;
            }
        }

        if (accepted > 0)
        {
            await MoveTrendCellsAsync(connection, transaction, cellsBefore, cancellationToken); // a SKU's demand counts where its attributes are
        }

        await WriteRejectsAsync(connection, transaction, load, rejects, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new BatchResult(accepted, duplicates, []);
    }, cancellationToken);

    public Task<BatchResult> WriteInventoryBatchAsync(IngestLoad load, IReadOnlyList<InventoryRow> rows, IReadOnlyList<IngestReject> rejects, CancellationToken cancellationToken = default) => Retry(async () =>
    {
        ArgumentNullException.ThrowIfNull(load);
        ArgumentNullException.ThrowIfNull(rows);
        cancellationToken.ThrowIfCancellationRequested();
        await using var connection = await Source.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var unwritten = await UpsertInventoryAsync(connection, transaction, load, rows, cancellationToken);
        var found = new List<IngestReject>();
        int duplicates = 0;
        foreach (var (row, storedDay) in unwritten.OrderBy(u => u.Row.Line))
        {
            if (storedDay is int day && row.AsOfDay is { } asOf && asOf < day)
            {
                found.Add(new IngestReject(load.Source, row.Line, "as_of",
                    $"older than the stored position (as of {DateOnly.FromDayNumber(day):yyyy-MM-dd})", DateOnly.FromDayNumber(asOf).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
            }
            else
            {
                duplicates++;
            }
        }

        int accepted = rows.Count - unwritten.Count;
        await WriteRejectsAsync(connection, transaction, load, [.. rejects, .. found], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new BatchResult(accepted, duplicates, found);
    }, cancellationToken);

    public async Task<IngestCounts> SaveNetworkAsync(IngestLoad load, Network network, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(network);
        var before = await GetNetworkAsync(cancellationToken);
        await Retry(async () =>
        {
            await using var connection = await Source.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            foreach (var r in network.Regions)
            {
                await ExecuteAsync(connection, transaction,
                    "INSERT INTO regions (region, name, country, auto_registered) VALUES ($1, $2, $3, 0) ON CONFLICT (region) DO UPDATE SET name = excluded.name, country = excluded.country, auto_registered = 0",
                    cancellationToken, r.Id, r.Name, r.Country);
            }

            await ExecuteAsync(connection, transaction, "DELETE FROM lanes; DELETE FROM warehouse_regions; DELETE FROM warehouses;", cancellationToken);
            foreach (var w in network.Warehouses)
            {
                await ExecuteAsync(connection, transaction, "INSERT INTO warehouses (id, latitude, longitude, capacity, is_central) VALUES ($1, $2, $3, $4, $5)",
                    cancellationToken, w.Id, w.Latitude, w.Longitude, w.Capacity, w.IsCentral ? 1 : 0);
                foreach (var r in w.RegionsServed)
                {
                    await ExecuteAsync(connection, transaction, "INSERT INTO warehouse_regions (warehouse, region) VALUES ($1, $2)", cancellationToken, w.Id, r);
                }
            }

            foreach (var l in network.Lanes)
            {
                await ExecuteAsync(connection, transaction, "INSERT INTO lanes (from_warehouse, to_warehouse, lead_time_days, cost_per_unit, min_qty) VALUES ($1, $2, $3, $4, $5)",
                    cancellationToken, l.From, l.To, l.LeadTimeDays, (double)l.CostPerUnit, l.MinQuantity);
            }

            await transaction.CommitAsync(cancellationToken);
            return true;
        }, cancellationToken);
        long read = network.Regions.Count + network.Warehouses.Count + network.Lanes.Count;
        long same = network.Regions.Count(before.Regions.Contains)
            + network.Warehouses.Count(w => before.Warehouses.Any(b => NetworkComparison.SameWarehouse(b, w)))
            + network.Lanes.Count(before.Lanes.Contains);
        return new IngestCounts(read, read - same, 0, same);
    }
}
