namespace Forecasting.Storage.Abstractions;

/// <summary>The kinds of long-running work that hold a lease while they run.</summary>
public enum LeasedWork
{
    /// <summary>A forecast run (production or back-test), table forecast_runs.</summary>
    ForecastRun,

    /// <summary>A plan run (proposals being written), table plan_runs.</summary>
    PlanRun,

    /// <summary>A load of one file or request body, table ingest_loads.</summary>
    Load,
}

/// <summary>A running run or load whose lease had run out, marked failed by <see cref="IRunLeaseStore.FailExpiredLeasesAsync"/>.</summary>
/// <param name="LeaseExpiredAt">When its lease ran out; null for work started without one (before leases existed).</param>
public sealed record ExpiredLease(LeasedWork Work, long Id, DateTimeOffset? LeaseExpiredAt);

/// <summary>
/// Leases of running work. While a forecast run, plan run or load runs, its worker renews its lease (a
/// heartbeat); a node that dies or loses the database for longer than the lease stops renewing it, and the
/// next start or sweep marks the work failed instead of leaving it <c>running</c> forever.
/// </summary>
public interface IRunLeaseStore
{
    /// <summary>Extends the lease of running work to <paramref name="expiresAt"/>.</summary>
    /// <returns>False when the work is no longer running (it finished, or a sweep failed it after its lease ran out).</returns>
    Task<bool> RenewLeaseAsync(LeasedWork work, long id, DateTimeOffset expiresAt, CancellationToken cancellationToken = default);

    /// <summary>Marks failed every running forecast run, plan run and load whose lease expired before
    /// <paramref name="now"/>, or that has no lease and started before <paramref name="unleasedStartedBefore"/>.</summary>
    /// <returns>What was marked failed.</returns>
    Task<IReadOnlyList<ExpiredLease>> FailExpiredLeasesAsync(DateTimeOffset now, DateTimeOffset unleasedStartedBefore, CancellationToken cancellationToken = default);
}
