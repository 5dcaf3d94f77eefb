using Forecasting.Storage.Abstractions;

namespace Forecasting.Storage.Resilience;

/// <summary>Marks failed the running work whose lease ran out: what a dead node, or one that lost the database for
/// longer than a lease, left <c>running</c>. Run at every start (serve, run, ingest) and on a serving node's
/// schedule (<see cref="ResilienceOptions.SweepInterval"/>).</summary>
public static class LeaseSweep
{
    /// <remarks>Work started without a lease (before leases existed, or whose worker died before its first
    /// heartbeat) counts as leased for <see cref="ResilienceOptions.LeaseDuration"/> from its start.</remarks>
    public static Task<IReadOnlyList<ExpiredLease>> FailExpiredAsync(IRunLeaseStore store, ResilienceOptions? options = null, TimeProvider? clock = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        options ??= new ResilienceOptions();
        var now = (clock ?? TimeProvider.System).GetUtcNow();
        return store.FailExpiredLeasesAsync(now, now - options.LeaseDuration, cancellationToken);
    }

    /// <summary>One line naming what was failed, e.g. "forecast run 12 (lease expired 2026-12-03 10:14:05Z), load 40".</summary>
    public static string Describe(IReadOnlyList<ExpiredLease> expired)
    {
        ArgumentNullException.ThrowIfNull(expired);
        return string.Join(", ", expired.Select(e => e.Work switch
        {
            LeasedWork.ForecastRun => "forecast run",
            LeasedWork.PlanRun => "plan run",
            _ => "load",
        } + $" {e.Id}" + (e.LeaseExpiredAt is { } at ? $" (lease expired {at.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z)" : " (never leased)")));
    }
}
