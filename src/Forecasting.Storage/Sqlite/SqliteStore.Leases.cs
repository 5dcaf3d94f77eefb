using System.Globalization;
using Forecasting.Storage.Abstractions;
using Forecasting.Storage.Resilience;

namespace Forecasting.Storage.Sqlite;

public sealed partial class SqliteStore
{
    public async Task<bool> RenewLeaseAsync(LeasedWork work, long id, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        await using var connection = _database.Open();
        return await LeaseSql.RenewAsync(connection, work, id, Instant(expiresAt), cancellationToken);
    }

    public async Task<IReadOnlyList<ExpiredLease>> FailExpiredLeasesAsync(DateTimeOffset now, DateTimeOffset unleasedStartedBefore, CancellationToken cancellationToken = default)
    {
        await using var connection = _database.Open();
        return await LeaseSql.FailExpiredAsync(connection, Instant(now), Instant(unleasedStartedBefore),
            value => DateTimeOffset.Parse((string)value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind), cancellationToken);
    }

    /// <summary>An instant as stored: ISO 8601 in UTC, the fixed-width form that orders like time.</summary>
    private static string Instant(DateTimeOffset value) => value.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
}
