using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Forecasting.Pipeline.Hosting;
using Forecasting.Pipeline.Scheduling;
using Forecasting.Storage;
using Forecasting.Storage.Abstractions;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Forecasting.Pipeline.Tests.Scheduling;

/// <summary>The scheduled ingest job on its inbox, for real: a Quartz schedule in a host that is stopped and started
/// again, on both stores.</summary>
public sealed class IngestJobInboxTests
{
    private const string Header = "sku,region,date,units\n";

    // Each daily export re-sends the day before with a correction: loaded out of order, an older value would win.
    private static readonly (string Name, string Body)[] Days =
    [
        ("demand-2024-01-01.csv", "A,north,2024-01-01,1\n"),
        ("demand-2024-01-02.csv", "A,north,2024-01-01,5\nA,north,2024-01-02,2\n"),
        ("demand-2024-01-03.csv", "A,north,2024-01-02,6\nA,north,2024-01-03,3\n"),
    ];

    [Theory]
    [InlineData(StoreKindUnderTest.Sqlite)]
    [InlineData(StoreKindUnderTest.Postgres)]
    public async Task Three_daily_files_load_once_each_in_name_order_across_a_restart_and_a_file_dropped_twice_loads_once(StoreKindUnderTest kind)
    {
        var folder = Directory.CreateTempSubdirectory("forecasting-inbox-test-").FullName;
        string? database = null;
        try
        {
            string storeSetting = kind == StoreKindUnderTest.Sqlite ? Path.Combine(folder, "store.db") : CreateDatabase(out database);
            string inbox = Path.Combine(folder, "inbox");
            Directory.CreateDirectory(inbox);

            // Before the restart: the first two days, the second written earlier than the first (name order counts, not age).
            Drop(inbox, Days[0].Name, Days[0].Body, DateTime.UtcNow);
            Drop(inbox, Days[1].Name, Days[1].Body, DateTime.UtcNow.AddHours(-1));
            await RunServiceUntilInboxIsEmptyAsync(folder, storeSetting, inbox);

            // After it: the third day, the first day's file dropped again, and its content under another name.
            Drop(inbox, Days[2].Name, Days[2].Body, DateTime.UtcNow);
            Drop(inbox, Days[0].Name, Days[0].Body, DateTime.UtcNow);
            Drop(inbox, "demand-2024-01-01-copy.csv", Days[0].Body, DateTime.UtcNow);
            await RunServiceUntilInboxIsEmptyAsync(folder, storeSetting, inbox);

            var store = await StoreFactory.OpenAsync(storeSetting);
            try
            {
                // Each content loaded once, by one load each, in name order; the re-dropped ones never loaded.
                var loaded = new List<LoadedFile>();
                foreach (var (name, body) in Days)
                {
                    loaded.Add(Assert.IsType<LoadedFile>(await store.FindLoadedFileAsync(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Header + body))))));
                }

                Assert.Equal(Days.Select(d => d.Name), loaded.Select(f => f.Name));
                Assert.Equal(loaded.Select(f => f.LoadId).Order(), loaded.Select(f => f.LoadId));
                var series = await store.ReadDailySeriesAsync().SingleAsync();
                Assert.Equal([5.0, 6.0, 3.0], series.Values.ToArray());
                Assert.Empty(Directory.EnumerateFiles(inbox));
                Assert.Equal(5, Directory.EnumerateFiles(Path.Combine(inbox, "done")).Count());
                var notes = string.Join("\n", (await store.ListJobRunsAsync()).Where(r => r.Job == "ingest").Select(r => r.Error));
                Assert.Contains("demand-2024-01-01.csv: already loaded (same content as demand-2024-01-01.csv", notes, StringComparison.Ordinal);
                Assert.Contains("demand-2024-01-01-copy.csv: already loaded (same content as demand-2024-01-01.csv", notes, StringComparison.Ordinal);
                Assert.Equal(3, Regex.Count(notes, "0 duplicates")); // three loads, none of them a re-load
            }
            finally
            {
                if (store is IAsyncDisposable disposable)
                {
                    await disposable.DisposeAsync();
                }
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (database is not null)
            {
                DropDatabase(database);
            }

            Directory.Delete(folder, recursive: true);
        }
    }

    public enum StoreKindUnderTest
    {
        Sqlite,
        Postgres,
    }

    private static void Drop(string inbox, string name, string body, DateTime writtenAt)
    {
        string path = Path.Combine(inbox, name);
        File.WriteAllText(path, Header + body);
        File.SetLastWriteTimeUtc(path, writtenAt);
    }

    /// <summary>Starts the service's host with the ingest job every second, waits until the inbox holds no file and
    /// the job has recorded a run after that, and stops it.</summary>
    private static async Task RunServiceUntilInboxIsEmptyAsync(string folder, string storeSetting, string inbox)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [$"--Forecasting:Store={storeSetting}", $"--Forecasting:Ingest:Inbox={inbox}", "--Forecasting:Schedules:Ingest=0/1 * * * * ?"],
            ContentRootPath = folder,
        });
        var store = await builder.AddForecastingStoreAsync();
        builder.AddForecastingJobs();
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var clock = Stopwatch.StartNew();
            while (Directory.EnumerateFiles(inbox).Any() && clock.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(100);
            }

            Assert.Empty(Directory.EnumerateFiles(inbox));
            int ingestRuns = (await store.ListJobRunsAsync()).Count(r => r.Job == "ingest" && r.Status == "completed");
            while ((await store.ListJobRunsAsync()).Count(r => r.Job == "ingest" && r.Status == "completed") == ingestRuns && clock.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(100); // the run that emptied the inbox has recorded its outcome (and the next one finds nothing)
            }
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private static string AdminConnectionString =>
        Environment.GetEnvironmentVariable("FORECASTING_TEST_POSTGRES") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException("FORECASTING_TEST_POSTGRES is not set: run the tests through ./test.sh, which starts a throw-away PostgreSQL.");

    private static string CreateDatabase(out string database)
    {
        database = "inbox_" + Guid.NewGuid().ToString("N");
        using var admin = new NpgsqlConnection(AdminConnectionString);
        admin.Open();
        using var create = new NpgsqlCommand($"CREATE DATABASE {database}", admin);
        create.ExecuteNonQuery();
        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = database }.ToString();
    }

    private static void DropDatabase(string database)
    {
        NpgsqlConnection.ClearAllPools();
        using var admin = new NpgsqlConnection(AdminConnectionString);
        admin.Open();
        using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", admin);
        drop.ExecuteNonQuery();
    }
}
