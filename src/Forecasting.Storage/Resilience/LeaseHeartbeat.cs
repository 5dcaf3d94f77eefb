using Forecasting.Storage.Abstractions;

namespace Forecasting.Storage.Resilience;

/// <summary>
/// Holds the lease of one running forecast run, plan run or load: takes it at once, then renews it every
/// <see cref="ResilienceOptions.HeartbeatInterval"/> to now + <see cref="ResilienceOptions.LeaseDuration"/> until
/// disposed. A renewal that fails (the database unreachable past the retry budget) is tried again at the next beat;
/// if none succeeds for a whole lease, the work is marked failed by the next sweep.
/// </summary>
/// <remarks>Dispose it when the work ends, before marking the work finished or after: a renewal never revives
/// finished work (it only extends running work).</remarks>
public sealed class LeaseHeartbeat : IAsyncDisposable
{
    private readonly IRunLeaseStore _store;
    private readonly LeasedWork _work;
    private readonly long _id;
    private readonly ResilienceOptions _options;
    private readonly TimeProvider _clock;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _beating;

    private LeaseHeartbeat(IRunLeaseStore store, LeasedWork work, long id, ResilienceOptions options, TimeProvider clock)
    {
        _store = store;
        _work = work;
        _id = id;
        _options = options;
        _clock = clock;
        _beating = BeatAsync();
    }

    /// <summary>False once a renewal found the work no longer running (a sweep failed it after its lease ran out).</summary>
    public bool Held { get; private set; } = true;

    /// <summary>Renewals that failed (the store unreachable), for diagnostics.</summary>
    public int FailedRenewals { get; private set; }

    /// <summary>Takes the lease now (the first renewal is awaited, so the work starts leased) and keeps renewing it.</summary>
    public static async Task<LeaseHeartbeat> StartAsync(IRunLeaseStore store, LeasedWork work, long id, ResilienceOptions? options = null, TimeProvider? clock = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        options ??= new ResilienceOptions();
        clock ??= TimeProvider.System;
        await store.RenewLeaseAsync(work, id, clock.GetUtcNow() + options.LeaseDuration, cancellationToken);
        return new LeaseHeartbeat(store, work, id, options, clock);
    }

    private async Task BeatAsync()
    {
        await Task.Yield(); // the constructor returns before the first wait
        using var timer = new PeriodicTimer(_options.HeartbeatInterval, _clock);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                try
                {
                    Held = await _store.RenewLeaseAsync(_work, _id, _clock.GetUtcNow() + _options.LeaseDuration, _stop.Token);
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    FailedRenewals++; // the next beat tries again; the work itself reports the outage if it outlasts the budget
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // disposed
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _beating;
        _stop.Dispose();
    }
}
