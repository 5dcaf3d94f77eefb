using Forecasting.Storage.Abstractions;
using Forecasting.Storage.Resilience;

namespace Forecasting.Storage.Postgres;

public sealed partial class PostgresStore
{
    public Task<bool> RenewLeaseAsync(LeasedWork work, long id, DateTimeOffset expiresAt, CancellationToken cancellationToken = default) => Retry(async () =>
    {
        await using var connection = await Source.OpenConnectionAsync(cancellationToken);
        return await LeaseSql.RenewAsync(connection, work, id, expiresAt.ToUniversalTime(), cancellationToken);
    }, cancellationToken);

    public Task<IReadOnlyList<ExpiredLease>> FailExpiredLeasesAsync(DateTimeOffset now, DateTimeOffset unleasedStartedBefore, CancellationToken cancellationToken = default) => Retry(async () =>
    {
        await using var connection = await Source.OpenConnectionAsync(cancellationToken);
        return await LeaseSql.FailExpiredAsync(connection, now.ToUniversalTime(), unleasedStartedBefore.ToUniversalTime(),
            value => new DateTimeOffset(DateTime.SpecifyKind((DateTime)value, DateTimeKind.Utc)), cancellationToken);
    }, cancellationToken);
}
