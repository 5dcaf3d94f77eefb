using Forecasting.Storage.Abstractions;
using Forecasting.Storage.Sql;
using Forecasting.Storage.Resilience;
using Npgsql;

namespace Forecasting.Storage.Postgres;

/// <summary>
/// The production store on PostgreSQL through one <see cref="NpgsqlDataSource"/>. Same contract as the
/// SQLite store (one test suite runs against both). Bulk rows travel by binary COPY into a per-connection
/// staging table and are merged by set-based statements in the same transaction, so a failed or cancelled
/// batch leaves nothing behind and re-running it is idempotent. Every unit of work is retried on transient
/// errors (<see cref="PostgresRetry"/>).
/// </summary>
/// <remarks>Thread-safe: every call takes its own pooled connection.</remarks>
public sealed partial class PostgresStore : SqlStore, IForecastingStore, IAsyncDisposable
{
    private readonly PostgresDatabase _database;
    private readonly TimeProvider _clock;

    public PostgresStore(PostgresDatabase database, TimeProvider? clock = null)
        : base(new PostgresSession((database ?? throw new ArgumentNullException(nameof(database))).DataSource, database.Retry, clock ?? TimeProvider.System), InsertProposals)
    {
        _database = database;
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>Connects, applies pending migrations (safe when several nodes start at once) and returns the store.</summary>
    public static Task<PostgresStore> OpenAsync(string connectionString, TimeProvider? clock = null, CancellationToken cancellationToken = default) =>
        OpenAsync(connectionString, new ResilienceOptions(), clock, cancellationToken);

    /// <param name="resilience">The retry budget of every store operation (validated).</param>
    public static async Task<PostgresStore> OpenAsync(string connectionString, ResilienceOptions resilience, TimeProvider? clock = null, CancellationToken cancellationToken = default)
    {
        var database = new PostgresDatabase(connectionString, new PostgresRetry(resilience, clock));
        await database.MigrateAsync(cancellationToken);
        // A process that died during a first demand load left the table without its per-series index.
        await database.Retry.RunAsync(async () =>
        {
            await using var heal = database.DataSource.CreateCommand(SeriesIndex);
            heal.CommandTimeout = 0; // a rebuild over a whole history outlasts the default 30 s
            await heal.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

        return new PostgresStore(database, clock);
    }

    public PostgresDatabase Database => _database;

    private NpgsqlDataSource Source => _database.DataSource;

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    private Task<T> Retry<T>(Func<Task<T>> work, CancellationToken cancellationToken) => _database.Retry.RunAsync(work, cancellationToken);

    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, params object?[] values)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        return command;
    }

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken, params object?[] values)
    {
        await using var command = Command(connection, transaction, sql, values);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
