using Forecasting.Storage.Sqlite;

namespace Forecasting.Storage.Tests.Sqlite;

public sealed class SqliteDatabaseTests
{
    [Fact]
    public void Migrate_RunTwice_AppliesEachVersionOnce()
    {
        using var temp = new TempStore();
        var database = new SqliteDatabase(((SqliteStore)temp.Store).Database.Path);

        var second = database.Migrate();

        Assert.Empty(second);
        Assert.Equal(SqliteMigrations.All.Select(m => m.Version), database.AppliedVersions());
        Assert.Equal(SqliteMigrations.All.Count, temp.Scalar("SELECT COUNT(*) FROM schema_migrations"));
    }

    [Fact]
    public void Migrate_NewFile_CreatesFolderAndEveryTable()
    {
        var folder = Path.Combine(Path.GetTempPath(), "forecasting-test-" + Guid.NewGuid().ToString("N"), "nested");
        var database = new SqliteDatabase(Path.Combine(folder, "f.db"));

        var applied = database.Migrate();

        Assert.Equal(SqliteMigrations.All.Select(m => m.Version), applied);
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
        using var reader = command.ExecuteReader();
        var tables = new List<string>();
        while (reader.Read())
        {
            tables.Add(reader.GetString(0));
        }

        string[] expected = ["accuracy_alerts", "accuracy_cells", "accuracy_runs", "api_keys", "audit_log", "data_protection_keys", "demand", "export_batch_moves", "export_batches", "forecast_choices", "forecast_reconciliations", "forecast_runs", "forecasts", "ingest_files", "ingest_loads", "ingest_rejects", "inventory", "job_runs", "lanes", "order_lines", "plan_runs", "proposal_decisions", "proposal_revision", "reconciled_forecasts", "regions", "schema_migrations", "skus", "transfer_proposals", "trend_cell_weeks", "trend_facet_weeks", "trend_state", "warehouse_regions", "warehouses"];
        Assert.Equal(expected, tables);
    }

    [Fact]
    public void Migrate_TwoProcessesAtOnce_BothSucceed()
    {
        var path = Path.Combine(Path.GetTempPath(), "forecasting-test-" + Guid.NewGuid().ToString("N") + ".db");
        var results = new IReadOnlyList<int>[4];

        Parallel.For(0, results.Length, i => results[i] = new SqliteDatabase(path).Migrate());

        Assert.Equal(SqliteMigrations.All.Select(m => m.Version), results.SelectMany(r => r).Order());
    }
}
