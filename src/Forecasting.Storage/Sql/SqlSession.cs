using System.Data.Common;
using System.Globalization;

namespace Forecasting.Storage.Sql;

/// <summary>
/// What the queries written once over <see cref="DbConnection"/> (with Dapper, named parameters) need from a store:
/// a connection for a read, a connection and transaction for a unit of work that commits when it returns (the
/// PostgreSQL store retries a whole unit on transient errors), and how an instant is written (ISO 8601 text in
/// SQLite, timestamptz in PostgreSQL).
/// </summary>
internal abstract class SqlSession(TimeProvider clock)
{
    public DateTimeOffset UtcNow => clock.GetUtcNow();

    public abstract Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken cancellationToken);

    /// <summary>Runs <paramref name="work"/> in a write transaction, committed when it returns; a throw rolls it back.</summary>
    public abstract Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken);

    /// <summary>An instant as this store's parameter value.</summary>
    public abstract object Instant(DateTimeOffset value);

    /// <summary>Now, as a parameter value.</summary>
    public object Now() => Instant(UtcNow);

    /// <summary>An instant as either store returns it: ISO 8601 text (SQLite) or a UTC <see cref="DateTime"/> (PostgreSQL).</summary>
    public static DateTimeOffset ReadInstant(object value) => value switch
    {
        string text => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
        DateTime time => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)),
        DateTimeOffset instant => instant,
        _ => throw new InvalidOperationException($"not an instant: {value.GetType().Name}"),
    };

    public static DateTimeOffset? ReadInstantOrNull(object? value) => value is null or DBNull ? null : ReadInstant(value);
}
