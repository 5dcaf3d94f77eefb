using Forecasting.Storage.Abstractions;
using Forecasting.Storage.Resilience;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Forecasting.Pipeline.Scheduling;

/// <summary>
/// Marks failed the forecast runs, plan runs and loads whose lease ran out (their node died, or lost the database
/// for longer than a lease): once when the node starts, before any job runs, then every
/// <see cref="ResilienceOptions.SweepInterval"/> while it serves. Every node sweeps; the statements are idempotent.
/// </summary>
public sealed partial class LeaseSweeper(IRunLeaseStore store, ServiceOptions options, ILogger<LeaseSweeper> logger, TimeProvider? clock = null) : BackgroundService
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private PeriodicTimer? _ticks;

    /// <summary>Sweeps once before the host goes on starting (so <c>run --job</c> never waits on a stranded run).</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await SweepAsync(cancellationToken);
        _ticks = new PeriodicTimer(options.Resilience.SweepInterval, _clock); // ticks count from the start
        await base.StartAsync(cancellationToken);
    }

    /// <returns>What was marked failed.</returns>
    public async Task<IReadOnlyList<ExpiredLease>> SweepAsync(CancellationToken cancellationToken)
    {
        var expired = await LeaseSweep.FailExpiredAsync(store, options.Resilience, _clock, cancellationToken);
        if (expired.Count > 0)
        {
            LogExpired(logger, expired.Count, LeaseSweep.Describe(expired));
        }

        return expired;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var ticks = _ticks ?? throw new InvalidOperationException("The sweeper was not started.");
        try
        {
            while (await ticks.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await SweepAsync(stoppingToken);
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    LogSweepFailed(logger, error.Message); // the database is away; the next tick tries again
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    public override void Dispose()
    {
        _ticks?.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Marked failed {Count} running item(s) whose lease expired (their node died or lost the database): {Items}")]
    private static partial void LogExpired(ILogger logger, int count, string items);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lease sweep failed, trying again at the next tick: {Error}")]
    private static partial void LogSweepFailed(ILogger logger, string error);
}
