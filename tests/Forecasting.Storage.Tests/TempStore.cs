using System.Text;
using Forecasting.Core.Domain;
using Forecasting.Storage.Ingest;
using Forecasting.Storage.Sqlite;

namespace Forecasting.Storage.Tests;

/// <summary>A fresh SQLite store in its own temporary folder, deleted afterwards: tests never share rows.</summary>
internal sealed class TempStore : IDisposable
{
    public TempStore()
    {
        Folder = Directory.CreateTempSubdirectory("forecasting-test-").FullName;
        Store = SqliteStore.Open(Path.Combine(Folder, "test.db"));
        Ingest = new IngestService(Store);
    }

    public string Folder { get; }

    public SqliteStore Store { get; }

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

    public long Scalar(string sql)
    {
        using var connection = Store.Database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
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
