using System.Net.Http.Headers;
using Forecasting.Core.Planning;
using Forecasting.Storage;
using Forecasting.Storage.Abstractions;
using Forecasting.Web.Api;
using Microsoft.AspNetCore.Builder;
using Npgsql;

namespace Forecasting.Web.Tests.Api;

/// <summary>
/// The API on a real Kestrel on loopback over a fresh store (a SQLite file, or a new database on the test
/// PostgreSQL from FORECASTING_TEST_POSTGRES), with one key per role and a plan of <see cref="Proposals"/> proposals.
/// </summary>
internal sealed class ApiServer : IAsyncDisposable
{
    public const int Proposals = 8;

    private readonly WebApplication _app;
    private readonly string _folder;
    private readonly string? _database;

    private ApiServer(WebApplication app, IForecastingStore store, string folder, string? database, Dictionary<string, string> keys, Uri address)
    {
        _app = app;
        Store = store;
        _folder = folder;
        _database = database;
        Keys = keys;
        Client = new HttpClient { BaseAddress = address };
    }

    public IForecastingStore Store { get; }

    public HttpClient Client { get; }

    /// <summary>An active key per role name.</summary>
    public Dictionary<string, string> Keys { get; }

    /// <summary>The API over a store that does not answer: a SQLite file in a folder that cannot exist, or a PostgreSQL
    /// address nothing listens on.</summary>
    public static async Task<ApiServer> StartOverDownStoreAsync(bool postgres)
    {
        string folder = Directory.CreateTempSubdirectory("forecasting-api-test-").FullName;
        IForecastingStore store = postgres
            ? new Storage.Postgres.PostgresStore(new Storage.Postgres.PostgresDatabase("Host=127.0.0.1;Port=1;Username=nobody;Database=none;Timeout=2"))
            : new Storage.Sqlite.SqliteStore(new Storage.Sqlite.SqliteDatabase(Path.Combine(folder, "missing", "folder", "store.db")));
        var (app, address) = await ForecastingApi.StartOnLoopbackAsync(store, folder);
        return new ApiServer(app, store, folder, null, [], address);
    }

    public static async Task<ApiServer> StartAsync(bool postgres, JwtOptions? jwt = null, Microsoft.Extensions.Logging.ILoggerProvider? logs = null)
    {
        string folder = Directory.CreateTempSubdirectory("forecasting-api-test-").FullName;
        string? database = null;
        string target = Path.Combine(folder, "store.db");
        if (postgres)
        {
            string admin = Environment.GetEnvironmentVariable("FORECASTING_TEST_POSTGRES") is { Length: > 0 } value
                ? value : throw new InvalidOperationException("FORECASTING_TEST_POSTGRES is not set: run the tests through ./test.sh.");
            database = "a_" + Guid.NewGuid().ToString("N");
            await using (var connection = new NpgsqlConnection(admin))
            {
                await connection.OpenAsync();
                await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", connection);
                await create.ExecuteNonQueryAsync();
            }

            target = new NpgsqlConnectionStringBuilder(admin) { Database = database }.ToString();
        }

        var store = await StoreFactory.OpenAsync(target);
        var keys = new Dictionary<string, string>();
        foreach (var role in Roles.All)
        {
            keys[role] = (await ApiKeys.CreateAsync(store, role + " key", role, "test")).Key;
        }

        var plan = await store.CreatePlanRunAsync(1, new DateOnly(2026, 3, 2));
        await store.WriteProposalsAsync(plan.Id, [.. Enumerable.Range(1, Proposals).Select(i =>
            new TransferProposal($"SKU{i}", "dc", i % 2 == 0 ? "w1" : "w2", 10 * i, new DateOnly(2026, 3, 4), 9, 80, 60, 100, 90, 50, 50 + (10 * i), 0.95, 10 * i, i, 100.0 * i, "Auto"))]);

        var (app, address) = await ForecastingApi.StartOnLoopbackAsync(store, folder, jwt, logs);
        if (database is not null)
        {
            database = $"{database}|{Environment.GetEnvironmentVariable("FORECASTING_TEST_POSTGRES")}";
        }

        return new ApiServer(app, store, folder, database, keys, address);
    }

    public HttpRequestMessage Request(HttpMethod method, string path, string? role, HttpContent? content = null, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        if (role is not null)
        {
            request.Headers.Add(ApiKeyAuthentication.Header, Keys.TryGetValue(role, out var key) ? key : role);
        }

        if (ifMatch is not null)
        {
            request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(ifMatch));
        }

        return request;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (Store is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }

        if (_database is not null)
        {
            var parts = _database.Split('|', 2);
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(parts[1]);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {parts[0]} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // a pooled handle may outlive the test
        }
    }
}
