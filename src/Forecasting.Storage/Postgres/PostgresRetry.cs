using Npgsql;

namespace Forecasting.Storage.Postgres;

/// <summary>
/// Retries a whole unit of work (its own connection and transaction) on transient failures: connection
/// lost or refused, failover, serialization failure (40001), deadlock (40P01), admin shutdown (57P01),
/// too many connections (53300). Backoff 0.2 s, 0.4 s, 0.8 s, 1.6 s, then the error surfaces. A permanent
/// error surfaces at once as <see cref="StoreException"/> naming the SQLSTATE.
/// </summary>
public static class PostgresRetry
{
    public const int Attempts = 5;

    public static async Task<T> RunAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return await work();
            }
            catch (Exception error) when (error is NpgsqlException && !cancellationToken.IsCancellationRequested)
            {
                if (IsTransient(error) && attempt < Attempts)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(200 * (1 << (attempt - 1))), cancellationToken);
                    continue;
                }

                throw Describe(error, attempt);
            }
        }
    }

    public static async Task RunAsync(Func<Task> work, CancellationToken cancellationToken) =>
        await RunAsync(async () =>
        {
            await work();
            return true;
        }, cancellationToken);

    public static bool IsTransient(Exception error) => error switch
    {
        PostgresException pg => pg.SqlState is "40001" or "40P01" or "57P01" or "57P02" or "57P03" or "53300" || pg.SqlState.StartsWith("08", StringComparison.Ordinal),
        NpgsqlException npgsql => npgsql.IsTransient,
        _ => false,
    };

    private static StoreException Describe(Exception error, int attempts)
    {
        string tried = attempts > 1 ? $" (after {attempts} attempts)" : "";
        return error is PostgresException pg
            ? new StoreException($"PostgreSQL error {pg.SqlState}{tried}: {pg.MessageText}{(pg.Detail is { Length: > 0 } d ? " - " + d : "")}", pg.SqlState, error)
            : new StoreException($"PostgreSQL connection error{tried}: {error.Message}", null, error);
    }
}

/// <summary>A store operation failed for good; <see cref="SqlState"/> is PostgreSQL's error code when there is one.</summary>
public sealed class StoreException(string message, string? sqlState, Exception inner) : Exception(message, inner)
{
    public string? SqlState { get; } = sqlState;
}
