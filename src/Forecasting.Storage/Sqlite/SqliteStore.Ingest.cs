using Forecasting.Core.Domain;
using Forecasting.Storage.Abstractions;
using Forecasting.Storage.Sql;
using Microsoft.Data.Sqlite;

namespace Forecasting.Storage.Sqlite;

public sealed partial class SqliteStore : IIngestStore
{
    public Task<IngestLoad> BeginLoadAsync(string kind, string source, CancellationToken cancellationToken = default)
    {
        using var connection = _database.Open();
        var startedAt = _clock.GetUtcNow();
        using var command = Command(connection, null, "INSERT INTO ingest_loads (kind, source, started_at, status) VALUES ($k, $s, $t, 'running') RETURNING id", "$k", "$s", "$t");
        command.Parameters["$k"].Value = kind;
        command.Parameters["$s"].Value = source;
        command.Parameters["$t"].Value = Now();
        long id = (long)command.ExecuteScalar()!;
        return Task.FromResult(new IngestLoad(id, kind, source, startedAt));
    }

    public Task CompleteLoadAsync(IngestLoad load, IngestCounts counts, LoadStatus status, CancellationToken cancellationToken = default)
    {
        using var connection = _database.Open();
        using var command = Command(connection, null,
            "UPDATE ingest_loads SET finished_at = $t, status = $st, rows_read = $r, accepted = $a, rejected = $x, duplicates = $d, excluded = $e WHERE id = $id",
            "$t", "$st", "$r", "$a", "$x", "$d", "$e", "$id");
        command.Parameters["$t"].Value = Now();
        command.Parameters["$st"].Value = StatusText.Of(status);
        command.Parameters["$r"].Value = counts.RowsRead;
        command.Parameters["$a"].Value = counts.Accepted;
        command.Parameters["$x"].Value = counts.Rejected;
        command.Parameters["$d"].Value = counts.Duplicates;
        command.Parameters["$e"].Value = counts.Excluded;
        command.Parameters["$id"].Value = load.Id;
        command.ExecuteNonQuery();
        return Task.CompletedTask;
    }

    public Task<ReferenceData> GetReferenceDataAsync(CancellationToken cancellationToken = default)
    {
        using var connection = _database.Open();
        return Task.FromResult(ReadReferenceData(connection));
    }

    private static ReferenceData ReadReferenceData(SqliteConnection connection)
    {
        var skus = new Dictionary<string, int>(StringComparer.Ordinal);
        var regions = new Dictionary<string, int>(StringComparer.Ordinal);
        var warehouses = new HashSet<string>(StringComparer.Ordinal);
        using (var command = Command(connection, null, "SELECT id, sku FROM skus"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                skus[reader.GetString(1)] = reader.GetInt32(0);
            }
        }

        using (var command = Command(connection, null, "SELECT id, region FROM regions"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                regions[reader.GetString(1)] = reader.GetInt32(0);
            }
        }

        using (var command = Command(connection, null, "SELECT id FROM warehouses"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                warehouses.Add(reader.GetString(0));
            }
        }

        return new ReferenceData(skus, regions, warehouses);
    }

    public Task<ReferenceData> RegisterAsync(IReadOnlyCollection<string> skus, IReadOnlyCollection<string> regions, CancellationToken cancellationToken = default)
    {
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction();
        using (var command = Command(connection, transaction, "INSERT INTO skus (sku, auto_registered) VALUES ($v, 1) ON CONFLICT (sku) DO NOTHING", "$v"))
        {
            foreach (var sku in skus)
            {
                command.Parameters[0].Value = sku;
                command.ExecuteNonQuery();
            }
        }

        using (var command = Command(connection, transaction, "INSERT INTO regions (region, auto_registered) VALUES ($v, 1) ON CONFLICT (region) DO NOTHING", "$v"))
        {
            foreach (var region in regions)
            {
                command.Parameters[0].Value = region;
                command.ExecuteNonQuery();
            }
        }

        transaction.Commit();
        return Task.FromResult(ReadReferenceData(connection));
    }

    public Task<IReadOnlyList<IngestReject>> GetRejectsAsync(string? source = null, int limit = 100, bool allLoads = false, CancellationToken cancellationToken = default)
    {
        using var connection = _database.Open();
        using var command = Command(connection, null, """
            SELECT source, line, field, reason, value FROM ingest_rejects r
            WHERE ($s IS NULL OR source = $s)
              AND ($all OR load_id = (SELECT max(l.id) FROM ingest_loads l WHERE l.source = r.source))
            ORDER BY load_id DESC, line, field LIMIT $l
            """, "$s", "$all", "$l");
        command.Parameters["$s"].Value = Db(source);
        command.Parameters["$all"].Value = allLoads;
        command.Parameters["$l"].Value = limit;
        using var reader = command.ExecuteReader();
        var rejects = new List<IngestReject>();
        while (reader.Read())
        {
            rejects.Add(new IngestReject(reader.GetString(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4)));
        }

        return Task.FromResult<IReadOnlyList<IngestReject>>(rejects);
    }

    private static void WriteRejects(SqliteConnection connection, SqliteTransaction transaction, IngestLoad load, IEnumerable<IngestReject> rejects)
    {
        using var command = Command(connection, transaction,
            "INSERT INTO ingest_rejects (load_id, source, line, field, reason, value) VALUES ($l, $s, $n, $f, $r, $v) ON CONFLICT DO NOTHING",
            "$l", "$s", "$n", "$f", "$r", "$v");
        foreach (var reject in rejects)
        {
            command.Parameters[0].Value = load.Id;
            command.Parameters[1].Value = reject.Source;
            command.Parameters[2].Value = reject.Line;
            command.Parameters[3].Value = reject.Field;
            command.Parameters[4].Value = reject.Reason;
            command.Parameters[5].Value = Db(reject.Value);
            command.ExecuteNonQuery();
        }
    }

    public Task<BatchResult> WriteDemandBatchAsync(IngestLoad load, IReadOnlyList<DemandRow> rows, IReadOnlyList<IngestReject> rejects, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();

        // Primary-key order makes the batch's inserts runs on the same B-tree pages (mostly appends, as the
        // key is day-major), and makes a re-load's lookups walk the index in order.
        var sorted = rows.ToArray();
        Array.Sort(sorted, static (a, b) =>
            a.Day != b.Day ? a.Day.CompareTo(b.Day)
            : a.SkuId != b.SkuId ? a.SkuId.CompareTo(b.SkuId)
            : a.RegionId.CompareTo(b.RegionId));

        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction();
        var stored = StoredAlike(connection, sorted);
        var delta = new TrendDelta(TrendCells(connection, transaction, sorted, static r => r.SkuId));

        // Writes new keys and changed values; a row identical to the stored one changes nothing (no page is written).
        // Its keys are distinct (see IIngestStore).
        using var upsert = new RawStatement(connection, """
            INSERT INTO demand (sku_id, region_id, day, units, returns, views, searches, cart_adds, wishlist_adds, load_id, line)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
            ON CONFLICT (day, sku_id, region_id) DO UPDATE SET
                units = excluded.units, returns = excluded.returns, views = excluded.views, searches = excluded.searches,
                cart_adds = excluded.cart_adds, wishlist_adds = excluded.wishlist_adds, load_id = excluded.load_id, line = excluded.line
            WHERE demand.units <> excluded.units OR demand.returns <> excluded.returns OR demand.views <> excluded.views
               OR demand.searches <> excluded.searches OR demand.cart_adds <> excluded.cart_adds OR demand.wishlist_adds <> excluded.wishlist_adds
            """);
        using var lookup = new RawStatement(connection, "SELECT units, returns, views, searches, cart_adds, wishlist_adds FROM demand WHERE day = ?1 AND sku_id = ?2 AND region_id = ?3");
        upsert.Bind(10, load.Id);
        int accepted = 0;
        Span<int> old = stackalloc int[6];
        for (int i = 0; i < sorted.Length; i++)
        {
            if (stored.State[i] == StoredState.Same)
            {
                continue;
            }

            var row = sorted[i];
            bool existed = stored.State[i] == StoredState.Changed;
            if (existed)
            {
                stored.Old.AsSpan(i * 6, 6).CopyTo(old);
            }
            else if (stored.State[i] == StoredState.Unknown)
            {
                existed = Lookup(lookup, row, old); // beyond the scan: read the stored values for the rollup's delta
            }

            upsert.Bind(1, row.SkuId);
            upsert.Bind(2, row.RegionId);
            upsert.Bind(3, row.Day);
            upsert.Bind(4, row.Units);
            upsert.Bind(5, row.Returns);
            upsert.Bind(6, row.Views);
            upsert.Bind(7, row.Searches);
            upsert.Bind(8, row.CartAdds);
            upsert.Bind(9, row.WishlistAdds);
            upsert.Bind(11, row.Line);
            if (upsert.Execute() == 0)
            {
                continue;
            }

            accepted++;
            if (existed)
            {
                delta.Add(row.SkuId, row.RegionId, row.Day, 0, row.Units - old[0], row.Returns - old[1], row.Views - old[2], row.Searches - old[3],
                    row.CartAdds - old[4], row.WishlistAdds - old[5]);
            }
            else
            {
                delta.Add(row.SkuId, row.RegionId, row.Day, 1, row.Units, row.Returns, row.Views, row.Searches, row.CartAdds, row.WishlistAdds);
            }
        }

        AddTrendDelta(connection, delta); // the batch and its rollup change commit together
        WriteRejects(connection, transaction, load, rejects);
        cancellationToken.ThrowIfCancellationRequested();
        transaction.Commit();
        return Task.FromResult(new BatchResult(accepted, sorted.Length - accepted, []));
    }

    private static bool Lookup(RawStatement lookup, in DemandRow row, Span<int> old)
    {
        lookup.Bind(1, row.Day);
        lookup.Bind(2, row.SkuId);
        lookup.Bind(3, row.RegionId);
        if (!lookup.Read())
        {
            return false;
        }

        for (int k = 0; k < 6; k++)
        {
            old[k] = lookup.Int(k);
        }

        lookup.Reset();
        return true;
    }

    /// <summary>Stored rows the scan of a batch's day range visits per row of the batch, at most: beyond it (a batch
    /// of few rows over many days) the rest of the batch is left to the upsert's own lookups.</summary>
    private const int StoredScanPerRow = 4;

    private enum StoredState : byte
    {
        /// <summary>Beyond the scan's bound: not known.</summary>
        Unknown,

        /// <summary>Not stored: a new key.</summary>
        Absent,

        /// <summary>Stored with other values (kept in <see cref="StoredRows.Old"/>).</summary>
        Changed,

        /// <summary>Stored with the same values: nothing to write.</summary>
        Same,
    }

    /// <summary>Per row of a batch its <see cref="StoredState"/>, and the stored values of the changed ones (6 per row, at the row's index).</summary>
    private sealed record StoredRows(StoredState[] State, int[] Old);

    /// <summary>
    /// How each row of a batch (sorted by day, SKU, region) stands to the stored rows: one ordered scan of the stored
    /// rows of the batch's days, merged with the batch, instead of one index lookup per row (a re-sent export is mostly
    /// identical rows, which need no write). The old values of changed rows are kept for the trend rollups' delta.
    /// </summary>
    private static StoredRows StoredAlike(SqliteConnection connection, DemandRow[] sorted)
    {
        var state = new StoredState[sorted.Length];
        int[] old = [];
        if (sorted.Length == 0)
        {
            return new StoredRows(state, old);
        }

        using var scan = new RawStatement(connection, """
            SELECT day, sku_id, region_id, units, returns, views, searches, cart_adds, wishlist_adds FROM demand
            WHERE day BETWEEN ?1 AND ?2 ORDER BY day, sku_id, region_id LIMIT ?3
            """);
        long limit = (long)sorted.Length * StoredScanPerRow;
        scan.Bind(1, sorted[0].Day);
        scan.Bind(2, sorted[^1].Day);
        scan.Bind(3, limit);
        int at = 0;
        long scanned = 0;
        bool exhausted = false;
        while (at < sorted.Length)
        {
            if (!scan.Read())
            {
                exhausted = scanned < limit;
                break;
            }

            scanned++;
            int day = scan.Int(0), sku = scan.Int(1), region = scan.Int(2);
            while (at < sorted.Length && Before(sorted[at], day, sku, region))
            {
                state[at++] = StoredState.Absent;
            }

            if (at < sorted.Length && sorted[at].Day == day && sorted[at].SkuId == sku && sorted[at].RegionId == region)
            {
                var row = sorted[at];
                bool same = row.Units == scan.Int(3) && row.Returns == scan.Int(4) && row.Views == scan.Int(5)
                    && row.Searches == scan.Int(6) && row.CartAdds == scan.Int(7) && row.WishlistAdds == scan.Int(8);
                if (!same)
                {
                    if (old.Length == 0)
                    {
                        old = new int[sorted.Length * 6];
                    }

                    for (int k = 0; k < 6; k++)
                    {
                        old[(at * 6) + k] = scan.Int(3 + k);
                    }
                }

                state[at++] = same ? StoredState.Same : StoredState.Changed;
            }
        }

        if (exhausted)
        {
            state.AsSpan(at).Fill(StoredState.Absent); // after the last stored row of the days: new keys
        }

        scan.Reset();
        return new StoredRows(state, old);

        static bool Before(in DemandRow row, int day, int sku, int region) =>
            row.Day != day ? row.Day < day : row.SkuId != sku ? row.SkuId < sku : row.RegionId < region;
    }

    public Task<BatchResult> WriteOrderLinesBatchAsync(IngestLoad load, IReadOnlyList<OrderLineRow> rows, IReadOnlyList<IngestReject> rejects, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction();

        // A line's occurrence: 1 + the lines with its order id, SKU and timestamp this load already wrote or
        // claimed (earlier in the file, in this batch or an earlier one), so repeated lines are kept apart and a
        // re-load (or the re-run of an interrupted load) meets the stored lines one for one. Within the batch they
        // are counted in memory; the store is asked only when an earlier batch of this load wrote lines.
        using var occurrences = Command(connection, transaction,
            "SELECT count(*) FROM order_lines WHERE order_id = $o AND sku_id = $s AND ts = $t AND load_id = $l", "$o", "$s", "$t", "$l");
        bool earlierBatches;
        using (var wrote = Command(connection, transaction, "SELECT EXISTS (SELECT 1 FROM order_lines WHERE load_id = $l)", "$l"))
        {
            wrote.Parameters[0].Value = load.Id;
            earlierBatches = (long)wrote.ExecuteScalar()! == 1;
        }

        var inBatch = new Dictionary<(string OrderId, int SkuId, long Ticks), long>();
        using var upsert = Command(connection, transaction, """
            INSERT INTO order_lines (order_id, sku_id, ts, occurrence, region_id, day, quantity, price, load_id, line)
            VALUES ($o, $s, $t, $c, $r, $d, $q, $p, $l, $n)
            ON CONFLICT (order_id, sku_id, ts, occurrence) DO UPDATE SET
                region_id = excluded.region_id, day = excluded.day, quantity = excluded.quantity, price = excluded.price,
                load_id = excluded.load_id, line = excluded.line
            WHERE order_lines.quantity <> excluded.quantity OR order_lines.region_id <> excluded.region_id OR order_lines.price IS NOT excluded.price
            """, "$o", "$s", "$t", "$c", "$r", "$d", "$q", "$p", "$l", "$n");

        // An identical stored line (a re-load) is claimed by this load, which counts it as this load's occurrence.
        using var claim = Command(connection, transaction,
            "UPDATE order_lines SET load_id = $l, line = $n WHERE order_id = $o AND sku_id = $s AND ts = $t AND occurrence = $c",
            "$l", "$n", "$o", "$s", "$t", "$c");
        SqliteDatabase.Execute(connection, "CREATE TEMP TABLE IF NOT EXISTS touched_days (sku_id INTEGER, region_id INTEGER, day INTEGER, PRIMARY KEY (sku_id, region_id, day)) WITHOUT ROWID; DELETE FROM touched_days;");
        using var touch = Command(connection, transaction, "INSERT OR IGNORE INTO touched_days VALUES ($s, $r, $d)", "$s", "$r", "$d");
        upsert.Prepare();
        var p = upsert.Parameters;
        p[8].Value = load.Id;
        occurrences.Parameters[3].Value = load.Id;
        claim.Parameters[0].Value = load.Id;
        int accepted = 0, duplicates = 0;
        foreach (var row in rows)
        {
            var key = (row.OrderId, row.SkuId, row.TimestampTicks);
            if (!inBatch.TryGetValue(key, out long before))
            {
                before = 0;
                if (earlierBatches)
                {
                    occurrences.Parameters[0].Value = row.OrderId;
                    occurrences.Parameters[1].Value = row.SkuId;
                    occurrences.Parameters[2].Value = row.TimestampTicks;
                    before = (long)occurrences.ExecuteScalar()!;
                }
            }

            long occurrence = before + 1;
            inBatch[key] = occurrence;
            p[0].Value = row.OrderId;
            p[1].Value = row.SkuId;
            p[2].Value = row.TimestampTicks;
            p[3].Value = occurrence;
            p[4].Value = row.RegionId;
            p[5].Value = row.Day;
            p[6].Value = row.Quantity;
            p[7].Value = Db(row.Price);
            p[9].Value = row.Line;
            if (upsert.ExecuteNonQuery() == 1)
            {
                accepted++;
                touch.Parameters[0].Value = row.SkuId;
                touch.Parameters[1].Value = row.RegionId;
                touch.Parameters[2].Value = row.Day;
                touch.ExecuteNonQuery();
            }
            else
            {
                claim.Parameters[1].Value = row.Line;
                claim.Parameters[2].Value = row.OrderId;
                claim.Parameters[3].Value = row.SkuId;
                claim.Parameters[4].Value = row.TimestampTicks;
                claim.Parameters[5].Value = occurrence;
                claim.ExecuteNonQuery();
                duplicates++;
            }
        }

        // Daily demand is derived from every stored order line of the days this batch touched, so a
        // re-load or a later correction recomputes the same totals (positive quantities are units sold,
        // negative ones returns or cancellations). The trend rollups get the new minus the stored totals.
        AddTrendDelta(connection, DerivedDemandDelta(connection, transaction));
        using (var derive = Command(connection, transaction, """
            INSERT INTO demand (sku_id, region_id, day, units, returns, views, searches, cart_adds, wishlist_adds, load_id, line)
            SELECT o.sku_id, o.region_id, o.day, SUM(MAX(o.quantity, 0)), SUM(MAX(-o.quantity, 0)), 0, 0, 0, 0, $l, 0
            FROM order_lines o JOIN touched_days t ON t.sku_id = o.sku_id AND t.region_id = o.region_id AND t.day = o.day
            WHERE true
            GROUP BY o.sku_id, o.region_id, o.day
            ON CONFLICT (day, sku_id, region_id) DO UPDATE SET units = excluded.units, returns = excluded.returns
            """, "$l"))
        {
            derive.Parameters[0].Value = load.Id;
            derive.ExecuteNonQuery();
        }

        WriteRejects(connection, transaction, load, rejects);
        cancellationToken.ThrowIfCancellationRequested();
        transaction.Commit();
        return Task.FromResult(new BatchResult(accepted, duplicates, []));
    }

    /// <summary>The rollup change of deriving the touched days' demand again from their order lines.</summary>
    private TrendDelta DerivedDemandDelta(SqliteConnection connection, SqliteTransaction transaction)
    {
        var derived = new List<(int SkuId, int RegionId, int Day, long Units, long Returns, bool Stored, long OldUnits, long OldReturns)>();
        using (var read = Command(connection, transaction, """
            SELECT o.sku_id, o.region_id, o.day, SUM(MAX(o.quantity, 0)), SUM(MAX(-o.quantity, 0)), d.units IS NOT NULL, d.units, d.returns
            FROM order_lines o JOIN touched_days t ON t.sku_id = o.sku_id AND t.region_id = o.region_id AND t.day = o.day
            LEFT JOIN demand d ON d.day = o.day AND d.sku_id = o.sku_id AND d.region_id = o.region_id
            GROUP BY o.sku_id, o.region_id, o.day
            """))
        using (var reader = read.ExecuteReader())
        {
            while (reader.Read())
            {
                bool stored = reader.GetBoolean(5);
                derived.Add((reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt64(3), reader.GetInt64(4), stored,
                    stored ? reader.GetInt64(6) : 0, stored ? reader.GetInt64(7) : 0));
            }
        }

        var delta = new TrendDelta(TrendCells(connection, transaction, derived, static d => d.SkuId));
        foreach (var d in derived)
        {
            delta.Add(d.SkuId, d.RegionId, d.Day, d.Stored ? 0 : 1, d.Units - d.OldUnits, d.Returns - d.OldReturns, 0, 0, 0, 0);
        }

        return delta;
    }

    public Task<BatchResult> WriteCatalogBatchAsync(IngestLoad load, IReadOnlyList<CatalogRow> rows, IReadOnlyList<IngestReject> rejects, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction();
        using var upsert = Command(connection, transaction, """
            INSERT INTO skus (sku, category, style, color, material, launch_day, price, unit_cost, case_pack, auto_registered)
            VALUES ($s, $c, $st, $co, $m, $l, $p, $u, $k, 0)
            ON CONFLICT (sku) DO UPDATE SET
                category = excluded.category, style = excluded.style, color = excluded.color, material = excluded.material,
                launch_day = excluded.launch_day, price = excluded.price, unit_cost = excluded.unit_cost,
                case_pack = excluded.case_pack, auto_registered = 0
            WHERE skus.auto_registered = 1 OR skus.category IS NOT excluded.category OR skus.style IS NOT excluded.style
               OR skus.color IS NOT excluded.color OR skus.material IS NOT excluded.material OR skus.launch_day IS NOT excluded.launch_day
               OR skus.price IS NOT excluded.price OR skus.unit_cost IS NOT excluded.unit_cost OR skus.case_pack IS NOT excluded.case_pack
            """, "$s", "$c", "$st", "$co", "$m", "$l", "$p", "$u", "$k");
        var cellsBefore = TrendCellMap.ReadAsync(connection, transaction, CatalogVersion(connection, transaction), cancellationToken).GetAwaiter().GetResult();
        int accepted = 0, duplicates = 0;
        foreach (var (_, item) in rows)
        {
            var p = upsert.Parameters;
            p[0].Value = item.Sku;
            p[1].Value = item.Category;
            p[2].Value = item.Style;
            p[3].Value = item.Color;
            p[4].Value = item.Material;
            p[5].Value = Db(item.LaunchDate?.DayNumber);
            p[6].Value = Db(item.Price is { } price ? (double)price : null);
            p[7].Value = Db(item.UnitCost is { } cost ? (double)cost : null);
            p[8].Value = item.CasePack;
            if (upsert.ExecuteNonQuery() == 1)
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
            MoveTrendCells(connection, transaction, cellsBefore); // a SKU's demand counts where its attributes are
        }

        WriteRejects(connection, transaction, load, rejects);
        transaction.Commit();
        return Task.FromResult(new BatchResult(accepted, duplicates, []));
    }

    public Task<BatchResult> WriteInventoryBatchAsync(IngestLoad load, IReadOnlyList<InventoryRow> rows, IReadOnlyList<IngestReject> rejects, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction();
        using var upsert = Command(connection, transaction, """
            INSERT INTO inventory (warehouse, sku_id, on_hand, in_transit, committed, as_of_day, load_id, line)
            VALUES ($w, $s, $o, $t, $c, $a, $l, $n)
            ON CONFLICT (warehouse, sku_id) DO UPDATE SET
                on_hand = excluded.on_hand, in_transit = excluded.in_transit, committed = excluded.committed,
                as_of_day = excluded.as_of_day, load_id = excluded.load_id, line = excluded.line
            WHERE (inventory.as_of_day IS NULL OR excluded.as_of_day IS NULL OR excluded.as_of_day >= inventory.as_of_day)
              AND (inventory.on_hand <> excluded.on_hand OR inventory.in_transit <> excluded.in_transit
                   OR inventory.committed <> excluded.committed OR inventory.as_of_day IS NOT excluded.as_of_day)
            """, "$w", "$s", "$o", "$t", "$c", "$a", "$l", "$n");
        using var stored = Command(connection, transaction, "SELECT as_of_day FROM inventory WHERE warehouse = $w AND sku_id = $s", "$w", "$s");
        int accepted = 0, duplicates = 0;
        var found = new List<IngestReject>();
        foreach (var row in rows)
        {
            var p = upsert.Parameters;
            p[0].Value = row.Warehouse;
            p[1].Value = row.SkuId;
            p[2].Value = row.OnHand;
            p[3].Value = row.InTransit;
            p[4].Value = row.Committed;
            p[5].Value = Db(row.AsOfDay);
            p[6].Value = load.Id;
            p[7].Value = row.Line;
            if (upsert.ExecuteNonQuery() == 1)
            {
                accepted++;
                continue;
            }

            stored.Parameters[0].Value = row.Warehouse;
            stored.Parameters[1].Value = row.SkuId;
            if (stored.ExecuteScalar() is long storedDay && row.AsOfDay is { } asOf && asOf < storedDay)
            {
                found.Add(new IngestReject(load.Source, row.Line, "as_of",
                    $"older than the stored position (as of {DateOnly.FromDayNumber((int)storedDay):yyyy-MM-dd})", DateOnly.FromDayNumber(asOf).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
            }
            else
            {
                duplicates++;
            }
        }

        WriteRejects(connection, transaction, load, rejects.Concat(found));
        transaction.Commit();
        return Task.FromResult(new BatchResult(accepted, duplicates, found));
    }

    public async Task<IngestCounts> SaveNetworkAsync(IngestLoad load, Network network, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(network);
        var before = await GetNetworkAsync(cancellationToken);
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction();
        using (var region = Command(connection, transaction,
            "INSERT INTO regions (region, name, country, auto_registered) VALUES ($r, $n, $c, 0) ON CONFLICT (region) DO UPDATE SET name = excluded.name, country = excluded.country, auto_registered = 0",
            "$r", "$n", "$c"))
        {
            foreach (var r in network.Regions)
            {
                region.Parameters[0].Value = r.Id;
                region.Parameters[1].Value = r.Name;
                region.Parameters[2].Value = r.Country;
                region.ExecuteNonQuery();
            }
        }

        SqliteDatabase.Execute(connection, "DELETE FROM lanes; DELETE FROM warehouse_regions; DELETE FROM warehouses;");
        using (var warehouse = Command(connection, transaction, "INSERT INTO warehouses (id, latitude, longitude, capacity, is_central) VALUES ($i, $la, $lo, $c, $z)", "$i", "$la", "$lo", "$c", "$z"))
        using (var served = Command(connection, transaction, "INSERT INTO warehouse_regions (warehouse, region) VALUES ($w, $r)", "$w", "$r"))
        {
            foreach (var w in network.Warehouses)
            {
                warehouse.Parameters[0].Value = w.Id;
                warehouse.Parameters[1].Value = w.Latitude;
                warehouse.Parameters[2].Value = w.Longitude;
                warehouse.Parameters[3].Value = w.Capacity;
                warehouse.Parameters[4].Value = w.IsCentral ? 1 : 0;
                warehouse.ExecuteNonQuery();
                foreach (var r in w.RegionsServed)
                {
                    served.Parameters[0].Value = w.Id;
                    served.Parameters[1].Value = r;
                    served.ExecuteNonQuery();
                }
            }
        }

        using (var lane = Command(connection, transaction, "INSERT INTO lanes (from_warehouse, to_warehouse, lead_time_days, cost_per_unit, min_qty) VALUES ($f, $t, $d, $c, $m)", "$f", "$t", "$d", "$c", "$m"))
        {
            foreach (var l in network.Lanes)
            {
                lane.Parameters[0].Value = l.From;
                lane.Parameters[1].Value = l.To;
                lane.Parameters[2].Value = l.LeadTimeDays;
                lane.Parameters[3].Value = (double)l.CostPerUnit;
                lane.Parameters[4].Value = l.MinQuantity;
                lane.ExecuteNonQuery();
            }
        }

        transaction.Commit();
        long read = network.Regions.Count + network.Warehouses.Count + network.Lanes.Count;
        long same = network.Regions.Count(before.Regions.Contains)
            + network.Warehouses.Count(w => before.Warehouses.Any(b => NetworkComparison.SameWarehouse(b, w)))
            + network.Lanes.Count(before.Lanes.Contains);
        return new IngestCounts(read, read - same, 0, same);
    }
}
