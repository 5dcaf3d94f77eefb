using System.Text;
using Forecasting.Storage.Abstractions;
using Forecasting.Storage.Files;
using Forecasting.Pipeline.Ingest;
using Forecasting.Storage.Sqlite;

namespace Forecasting.Pipeline.Tests;

/// <summary>A fresh SQLite store in its own temporary folder, deleted afterwards.</summary>
internal sealed class JobsTempStore : IDisposable
{
    public JobsTempStore()
    {
        Folder = Directory.CreateTempSubdirectory("forecasting-jobs-test-").FullName;
        Store = SqliteStore.Open(Path.Combine(Folder, "test.db"));
    }

    public string Folder { get; }

    public SqliteStore Store { get; }

    public async Task LoadAsync(IngestKind kind, string csv, bool autoRegister = true)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(csv));
        var report = await new IngestService(Store).IngestAsync(kind, stream, kind + ".csv", new IngestOptions { AutoRegister = autoRegister });
        Assert.Equal(0, report.Counts.Rejected);
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
            // A pooled handle may outlive the test; the OS cleans the temp folder.
        }
    }
}
