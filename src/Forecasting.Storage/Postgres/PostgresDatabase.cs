using Npgsql;

namespace Forecasting.Storage.Postgres;

/// <summary>
/// One <see cref="NpgsqlDataSource"/> (the connection pool) and the schema's migrations. Migrating takes a
/// transaction-scoped advisory lock first, so nodes starting at once apply each step exactly once: the
/// others wait, then find the step recorded.
/// </summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    /// <summary>Arbitrary constant naming the migration lock (pg_advisory_xact_lock key).</summary>
    private const long MigrationLock = 0x466F7265636173; // "Forecas"

    /// <param name="retry">How transient failures are retried (default: <see cref="Resilience.ResilienceOptions"/>'s defaults).</param>
    public PostgresDatabase(string connectionString, PostgresRetry? retry = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        DataSource = NpgsqlDataSource.Create(connectionString);
        Retry = retry ?? new PostgresRetry();
    }

    public NpgsqlDataSource DataSource { get; }

    /// <summary>The retry every unit of work on this database goes through.</summary>
    public PostgresRetry Retry { get; }

    /// <summary>Applies the steps not yet recorded, all in one transaction under the advisory lock.</summary>
    /// <returns>Versions applied by this call.</returns>
    public async Task<IReadOnlyList<int>> MigrateAsync(CancellationToken cancellationToken = default) =>
        await Retry.RunAsync(async () =>
        {
            await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await Execute(connection, transaction, $"SELECT pg_advisory_xact_lock({MigrationLock})", cancellationToken);
            await Execute(connection, transaction, "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())", cancellationToken);
            var done = new HashSet<int>();
            await using (var read = new NpgsqlCommand("SELECT version FROM schema_migrations", connection, transaction))
            await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    done.Add(reader.GetInt32(0));
                }
            }

            var applied = new List<int>();
            foreach (var (version, name, sql) in PostgresMigrations.All)
            {
                if (done.Contains(version))
                {
                    continue;
                }

                await Execute(connection, transaction, sql, cancellationToken);
                await using var record = new NpgsqlCommand("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", connection, transaction);
                record.Parameters.AddWithValue(version);
                record.Parameters.AddWithValue(name);
                await record.ExecuteNonQueryAsync(cancellationToken);
                applied.Add(version);
            }

            await transaction.CommitAsync(cancellationToken);
            return (IReadOnlyList<int>)applied;
        }, cancellationToken);

    public async Task<IReadOnlyList<int>> AppliedVersionsAsync(CancellationToken cancellationToken = default)
    {
        await using var command = DataSource.CreateCommand("SELECT version FROM schema_migrations ORDER BY version");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var versions = new List<int>();
        while (await reader.ReadAsync(cancellationToken))
        {
            versions.Add(reader.GetInt32(0));
        }

        return versions;
    }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();

    internal static async Task Execute(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
