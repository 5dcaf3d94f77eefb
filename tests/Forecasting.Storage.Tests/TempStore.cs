using System.Text;
using Forecasting.Storage.Files;
using Forecasting.Core.Domain;
using Forecasting.Storage.Abstractions;
using Forecasting.Pipeline.Ingest;
using Forecasting.Storage.Postgres;
using Forecasting.Storage.Sqlite;
using Npgsql;

namespace Forecasting.Storage.Tests;

/// <summary>The two stores the contract suite runs against.</summary>
public enum StoreKind
{
    Sqlite,
    Postgres,
}

/// <summary>
/// A fresh, empty store for one test, removed afterwards, so tests never share rows: a SQLite file in its
/// own temporary folder, or a new database on the test PostgreSQL cluster (connection string in
/// FORECASTING_TEST_POSTGRES, set by test.sh; a test fails when it is missing).
/// </summary>
internal sealed class TempStore : IDisposable
{
    private readonly string? _database;

    public TempStore(StoreKind kind = StoreKind.Sqlite)
    {
        Kind = kind;
        Folder = Directory.CreateTempSubdirectory("forecasting-test-").FullName;
        if (kind == StoreKind.Sqlite)
        {
            Store = SqliteStore.Open(Path.Combine(Folder, "test.db"));
        }
        else
        {
            _database = "t_" + Guid.NewGuid().ToString("N");
            using (var admin = new NpgsqlConnection(AdminConnectionString))
            {
                admin.Open();
                using var create = new NpgsqlCommand($"CREATE DATABASE {_database}", admin);
                create.ExecuteNonQuery();
            }

            ConnectionString = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = _database }.ToString();
            Store = PostgresStore.OpenAsync(ConnectionString).GetAwaiter().GetResult();
        }

        Ingest = new IngestService(Store);
    }

    /// <summary>The test cluster's connection string (test.sh starts it and exports FORECASTING_TEST_POSTGRES).</summary>
    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable("FORECASTING_TEST_POSTGRES") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException("FORECASTING_TEST_POSTGRES is not set: run the tests through ./test.sh, which starts a throw-away PostgreSQL (deploy/postgres/test-cluster.sh).");

    public StoreKind Kind { get; }

    public string Folder { get; }

    /// <summary>Npgsql connection string of this test's own database (PostgreSQL only).</summary>
    public string? ConnectionString { get; }

    public IForecastingStore Store { get; }

    public IngestService Ingest { get; }

    public static Network SmallNetwork { get; } = new(
        [new Region("north", "North", "DE"), new Region("south", "South", "DE")],
        [
            new Warehouse("wh-north", ["north"], 53.5, 10.0, 1000, false),
            new Warehouse("wh-south", ["south"], 48.1, 11.6, 1000, false),
            new Warehouse("dc", [], 50.1, 8.7, 10000, true),
        ],
        [new Lane("dc", "wh-north", 2, 0.3m, 0), new Lane("dc", "wh-south", 2, 0.3m, 12)]);

    /// <summary>Loads the two-region network and a catalog of SKUs A, B and C (B launched 2024-01-03).</summary>
    public async Task SeedReferenceAsync()
    {
        var load = await Store.BeginLoadAsync("Network", "seed");
        await Store.SaveNetworkAsync(load, SmallNetwork);
        await Load(IngestKind.Catalog, "sku,category,launch_date,price,unit_cost,case_pack\nA,dresses,,30,12,4\nB,jeans,2024-01-03,50,20,1\nC,knitwear,,40,15,6\n", "catalog.csv");
    }

    public Task<IngestReport> Load(IngestKind kind, string content, string source, IngestOptions? options = null, CancellationToken cancellationToken = default) =>
        Load(kind, Encoding.UTF8.GetBytes(content), source, options, cancellationToken);

    public async Task<IngestReport> Load(IngestKind kind, byte[] content, string source, IngestOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var stream = new MemoryStream(content);
        return await Ingest.IngestAsync(kind, stream, source, options, null, cancellationToken);
    }

    /// <summary>One number from SQL that both stores understand (same tables and columns).</summary>
    public long Scalar(string sql)
    {
        object? value;
        if (Store is SqliteStore sqlite)
        {
            using var connection = sqlite.Database.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            value = command.ExecuteScalar();
        }
        else
        {
            using var command = ((PostgresStore)Store).Database.DataSource.CreateCommand(sql);
            value = command.ExecuteScalar();
        }

        return Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Every row of a query as its columns joined by commas (same SQL on both stores).</summary>
    public IReadOnlyList<string> Rows(string sql)
    {
        var rows = new List<string>();
        if (Store is SqliteStore sqlite)
        {
            using var connection = sqlite.Database.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            using var reader = command.ExecuteReader();
            Read(reader);
        }
        else
        {
            using var command = ((PostgresStore)Store).Database.DataSource.CreateCommand(sql);
            using var reader = command.ExecuteReader();
            Read(reader);
        }

        return rows;

        void Read(System.Data.Common.DbDataReader reader)
        {
            while (reader.Read())
            {
                rows.Add(string.Join(",", Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
            }
        }
    }

    public void Dispose()
    {
        if (Store is PostgresStore postgres)
        {
            postgres.DisposeAsync().AsTask().GetAwaiter().GetResult();
            using var admin = new NpgsqlConnection(AdminConnectionString);
            admin.Open();
            using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)", admin);
            drop.ExecuteNonQuery();
        }
        else
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }

        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A pooled handle may outlive the test on some platforms; the temp folder is cleaned by the OS.
        }
    }
}

/// <summary>Base of the store contract suite: every test of a derived class runs once per store.</summary>
public abstract class StoreContractTests
{
    protected abstract StoreKind Kind { get; }

    internal TempStore NewStore() => new(Kind);
}
