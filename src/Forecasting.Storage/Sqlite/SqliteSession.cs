using System.Data.Common;
using System.Globalization;
using Forecasting.Storage.Sql;

namespace Forecasting.Storage.Sqlite;

/// <summary>The shared queries' connections on SQLite: a pooled connection per unit, write units in BEGIN IMMEDIATE
/// (one writer at a time, so a read-then-write unit never fails to upgrade its lock), instants as ISO 8601 text.</summary>
internal sealed class SqliteSession(SqliteDatabase database, TimeProvider clock) : SqlSession(clock)
{
    public override async Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        using var connection = database.Open();
        return await work(connection);
    }

    public override async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        var result = await work(connection, transaction);
        transaction.Commit();
        return result;
    }

    public override object Instant(DateTimeOffset value) => value.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
}
