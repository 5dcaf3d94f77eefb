using System.Data.Common;
using Forecasting.Storage.Sql;
using Npgsql;

namespace Forecasting.Storage.Postgres;

/// <summary>The shared queries' connections on PostgreSQL: one pooled connection per unit of work, each unit retried
/// whole on transient errors (<see cref="PostgresRetry"/>), instants as timestamptz.</summary>
internal sealed class PostgresSession(NpgsqlDataSource source, PostgresRetry retry, TimeProvider clock) : SqlSession(clock)
{
    public override Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken cancellationToken) => retry.RunAsync(async () =>
    {
        await using var connection = await source.OpenConnectionAsync(cancellationToken);
        return await work(connection);
    }, cancellationToken);

    public override Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken) => retry.RunAsync(async () =>
    {
        await using var connection = await source.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var result = await work(connection, transaction);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }, cancellationToken);

    public override object Instant(DateTimeOffset value) => value.ToUniversalTime();
}
