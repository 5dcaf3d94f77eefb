using System.Collections;
using Forecasting.Storage.Files;
using Forecasting.Storage.Abstractions;
using Forecasting.Storage.Postgres;
using Npgsql;

namespace Forecasting.Storage.Tests.Postgres;

/// <summary>What only the PostgreSQL store has: concurrent migrations, COPY cancellation, retries, SQLSTATE errors.</summary>
public sealed class PostgresStoreTests
{
    [Fact]
    public async Task Nodes_migrating_at_once_apply_each_step_exactly_once()
    {
        using var temp = new TempStore(StoreKind.Postgres);
        await using (var reset = new NpgsqlConnection(temp.ConnectionString))
        {
            await reset.OpenAsync();
            await using var drop = new NpgsqlCommand("DROP SCHEMA public CASCADE; CREATE SCHEMA public;", reset);
            await drop.ExecuteNonQueryAsync();
        }

        var nodes = Enumerable.Range(0, 6).Select(_ => new PostgresDatabase(temp.ConnectionString!)).ToList();
        var applied = await Task.WhenAll(nodes.Select(n => Task.Run(() => n.MigrateAsync())));

        Assert.Equal(PostgresMigrations.All.Select(m => m.Version), applied.SelectMany(a => a).Order());
        Assert.Equal(PostgresMigrations.All.Select(m => m.Version), await nodes[0].AppliedVersionsAsync());
        foreach (var node in nodes)
        {
            await node.DisposeAsync();
        }
    }

    [Fact]
    public async Task Upgrading_to_forecasts_stored_per_series_keeps_every_forecast_day()
    {
        using var temp = new TempStore(StoreKind.Postgres);
        await using (var connection = new NpgsqlConnection(temp.ConnectionString))
        {
            await connection.OpenAsync();
            await Run(connection, "DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
            await Run(connection, "CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
            foreach (var (version, name, sql) in PostgresMigrations.All.Where(m => m.Version < 9))
            {
                await Run(connection, sql);
                await Run(connection, $"INSERT INTO schema_migrations (version, name) VALUES ({version}, '{name.Replace("'", "''")}')");
            }

            // Before the upgrade: one row per forecast day; a daily series of 3 days, a weekly one of 2, a single day.
            await Run(connection, """
                INSERT INTO forecasts (run_id, sku_id, region_id, model, target_day, horizon, mean, p10, p50, p90) VALUES
                (1, 1, 1, 'ssa', 100, 1, 1.5, 1, 1.5, 2), (1, 1, 1, 'ssa', 101, 2, 2.5, 2, 2.5, 3), (1, 1, 1, 'ssa', 102, 3, 3.5, 3, 3.5, 4),
                (1, 1, 1, 'naive', 101, 2, 7, 6, 7, 8), (1, 1, 1, 'naive', 100, 1, 6, 5, 6, 7),
                (1, 2, 1, 'ssa', 200, 1, 10, 9, 10, 11), (1, 2, 1, 'ssa', 207, 2, 20, 19, 20, 21),
                (2, 1, 1, 'ssa', 300, 1, 0.25, 0, 0.25, 0.5)
                """);
        }

        const string Days = "SELECT string_agg(concat_ws(':', run_id, sku_id, region_id, model, target_day, horizon, mean, p10, p50, p90), ' ' ORDER BY run_id, sku_id, model, target_day) FROM forecasts";
        var before = await Text(Days);
        await using (var database = new PostgresDatabase(temp.ConnectionString!))
        {
            Assert.Equal([9], (await database.MigrateAsync()).Where(v => v <= 9));
        }

        Assert.Contains("1:2:1:ssa:207:2:20:19:20:21", before, StringComparison.Ordinal);
        Assert.Equal(before, await Text(Days));
        Assert.Equal("4", await Text("SELECT count(*) FROM forecast_series"));
        Assert.Equal("7", await Text("SELECT day_step FROM forecast_series WHERE sku_id = 2"));

        async Task<string> Text(string sql)
        {
            await using var connection = new NpgsqlConnection(temp.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture)!;
        }

        static async Task Run(NpgsqlConnection connection, string sql)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
    }

    [Fact]
    public async Task A_COPY_cancelled_mid_stream_leaves_the_tables_unchanged_and_a_rerun_equals_a_clean_run()
    {
        using var temp = new TempStore(StoreKind.Postgres);
        using var clean = new TempStore(StoreKind.Postgres);
        await temp.SeedReferenceAsync();
        await clean.SeedReferenceAsync();
        var reference = await temp.Store.GetReferenceDataAsync();
        var rows = Rows(reference, 60_000);
        var before = Fingerprint(temp);

        using var cancel = new CancellationTokenSource();
        var load = await temp.Store.BeginLoadAsync("Demand", "big.csv");
        var cancelling = new CancelAt<DemandRow>(rows, 30_000, cancel); // cancels while the COPY streams row 30,000
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => temp.Store.WriteDemandBatchAsync(load, cancelling, [], cancel.Token));

        Assert.True(cancelling.Reached, "the cancellation must come from inside the COPY");
        Assert.Equal(before, Fingerprint(temp));
        Assert.Equal(0, temp.Scalar("SELECT count(*) FROM demand"));

        var rerun = await temp.Store.BeginLoadAsync("Demand", "big.csv");
        var result = await temp.Store.WriteDemandBatchAsync(rerun, rows, []);
        var cleanLoad = await clean.Store.BeginLoadAsync("Demand", "big.csv");
        await clean.Store.WriteDemandBatchAsync(cleanLoad, rows, []);

        Assert.Equal(rows.Count, result.Accepted);
        Assert.Equal(Fingerprint(clean), Fingerprint(temp));
    }

    [Fact]
    public async Task A_first_demand_load_builds_the_series_index_at_its_end_and_opening_the_store_restores_a_lost_one()
    {
        using var temp = new TempStore(StoreKind.Postgres);
        await temp.SeedReferenceAsync();
        long Indexes() => temp.Scalar("SELECT count(*) FROM pg_indexes WHERE tablename = 'demand' AND indexname = 'ix_demand_series'");
        var load = await temp.Store.BeginLoadAsync("Demand", "history.csv"); // an empty table: the index goes...
        Assert.Equal(0, Indexes());
        await temp.Store.CompleteLoadAsync(load, new IngestCounts(0, 0, 0, 0), LoadStatus.Cancelled); // ...and comes back whatever the outcome
        Assert.Equal(1, Indexes());

        await temp.Load(Forecasting.Storage.Abstractions.IngestKind.Demand, "sku,region,date,units\nA,north,2024-01-01,2\nA,north,2024-01-02,3\n", "d.csv");
        Assert.Equal(1, Indexes());
        var next = await temp.Store.BeginLoadAsync("Demand", "more.csv"); // not empty any more: the index stays
        Assert.Equal(1, Indexes());
        await temp.Store.CompleteLoadAsync(next, new IngestCounts(0, 0, 0, 0), LoadStatus.Completed);

        await using (var connection = new NpgsqlConnection(temp.ConnectionString))
        {
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand("DROP INDEX ix_demand_series", connection); // as if a node died mid-load
            await drop.ExecuteNonQueryAsync();
        }

        Assert.Equal(0, Indexes());
        await (await PostgresStore.OpenAsync(temp.ConnectionString!)).DisposeAsync();
        Assert.Equal(1, Indexes());
    }

    [Fact]
    public async Task A_transient_failure_is_retried_and_a_permanent_one_names_its_SQLSTATE()
    {
        using var temp = new TempStore(StoreKind.Postgres);
        var database = ((PostgresStore)temp.Store).Database;
        var source = database.DataSource;
        int attempts = 0;

        int value = await database.Retry.RunAsync(async () =>
        {
            attempts++;
            await using var connection = await source.OpenConnectionAsync();
            if (attempts == 1)
            {
                // The server ends this session (SQLSTATE 57P01, as on a failover or restart).
                await using var kill = new NpgsqlCommand("SELECT pg_terminate_backend(pg_backend_pid())", connection);
                await kill.ExecuteNonQueryAsync();
            }

            await using var command = new NpgsqlCommand("SELECT 42", connection);
            return (int)(await command.ExecuteScalarAsync())!;
        }, CancellationToken.None);

        Assert.Equal((42, 2), (value, attempts));

        attempts = 0;
        var error = await Assert.ThrowsAsync<StoreException>(() => database.Retry.RunAsync(async () =>
        {
            attempts++;
            await using var command = source.CreateCommand("INSERT INTO lanes (from_warehouse, to_warehouse, lead_time_days, cost_per_unit, min_qty) VALUES ('a', 'b', -1, 0, 0)");
            return await command.ExecuteNonQueryAsync();
        }, CancellationToken.None));

        Assert.Equal(("23514", 1), (error.SqlState, attempts)); // check violation: not retried
        Assert.Contains("23514", error.Message, StringComparison.Ordinal);
        Assert.Contains("lanes", error.Message, StringComparison.Ordinal);
    }

    private static List<DemandRow> Rows(ReferenceData reference, int count)
    {
        var skus = reference.SkuIds.Values.Order().ToArray();
        var regions = reference.RegionIds.Values.Order().ToArray();
        var rows = new List<DemandRow>(count);
        int day = new DateOnly(2024, 1, 1).DayNumber;
        for (int i = 0; rows.Count < count; i++)
        {
            int d = i / (skus.Length * regions.Length);
            int s = skus[i % skus.Length], r = regions[(i / skus.Length) % regions.Length];
            rows.Add(new DemandRow(i + 2, s, r, day + d, i % 7, i % 2, i % 50, i % 9, i % 4, i % 3));
        }

        return rows;
    }

    private static string Fingerprint(TempStore store) =>
        $"{store.Scalar("SELECT count(*) FROM demand")}/{store.Scalar("SELECT coalesce(sum(units * 7 + returns * 3 + views + searches * 11 + cart_adds * 13 + wishlist_adds * 17 + day), 0) FROM demand")}/{store.Scalar("SELECT count(*) FROM ingest_rejects")}";

    /// <summary>A list that cancels <paramref name="source"/> when item <paramref name="at"/> is read (by index or enumeration).</summary>
    private sealed class CancelAt<T>(List<T> items, int at, CancellationTokenSource source) : IReadOnlyList<T>
    {
        public bool Reached { get; private set; }

        public int Count => items.Count;

        public T this[int index]
        {
            get
            {
                if (index == at)
                {
                    Reached = true;
                    source.Cancel();
                }

                return items[index];
            }
        }

        public IEnumerator<T> GetEnumerator()
        {
            for (int i = 0; i < items.Count; i++)
            {
                if (i == at)
                {
                    Reached = true;
                    source.Cancel();
                }

                yield return items[i];
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
