using Forecasting.Storage.Resilience;
using Npgsql;
using Polly;
using Polly.Retry;

namespace Forecasting.Storage.Postgres;

/// <summary>
/// Retries a whole unit of work (its own connection and transaction) on transient failures
/// (<see cref="PostgresFaults.IsTransient"/>) with a Polly retry strategy: exponential backoff with jitter from
/// <see cref="ResilienceOptions.FirstRetryDelay"/> up to <see cref="ResilienceOptions.MaxRetryDelay"/>, for as long
/// as the failures last but no longer than <see cref="ResilienceOptions.RetryBudget"/> after the first attempt
/// began. Then, or at once for a permanent error, it surfaces as <see cref="StoreException"/> naming the SQLSTATE.
/// </summary>
/// <remarks>Thread-safe; one instance per database (the pipeline is stateless between executions).</remarks>
public sealed class PostgresRetry
{
    private static readonly ResiliencePropertyKey<long> Started = new("forecasting.started");
    private static readonly ResiliencePropertyKey<int> Attempts = new("forecasting.attempts");

    private readonly ResiliencePipeline _pipeline;
    private readonly TimeProvider _clock;

    public PostgresRetry(ResilienceOptions? options = null, TimeProvider? clock = null)
    {
        Options = options ?? new ResilienceOptions();
        Options.Validate();
        _clock = clock ?? TimeProvider.System;
        var budget = Options.RetryBudget;
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = _clock }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is { } error && PostgresFaults.IsTransient(error)
                    && !args.Context.CancellationToken.IsCancellationRequested
                    && args.Context.Properties.TryGetValue(Started, out long started) && _clock.GetElapsedTime(started) < budget),
                MaxRetryAttempts = int.MaxValue, // bounded by the budget above
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = Options.FirstRetryDelay,
                MaxDelay = Options.MaxRetryDelay,
                OnRetry = args =>
                {
                    args.Context.Properties.Set(Attempts, args.AttemptNumber + 2); // AttemptNumber is 0 for the first retry
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    public ResilienceOptions Options { get; }

    public async Task<T> RunAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        long started = _clock.GetTimestamp();
        context.Properties.Set(Started, started);
        try
        {
            return await _pipeline.ExecuteAsync(static async (_, work) => await work(), context, work);
        }
        catch (NpgsqlException error) when (!cancellationToken.IsCancellationRequested)
        {
            throw Describe(error, context.Properties.GetValue(Attempts, 1), _clock.GetElapsedTime(started));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    public async Task RunAsync(Func<Task> work, CancellationToken cancellationToken) =>
        await RunAsync(async () =>
        {
            await work();
            return true;
        }, cancellationToken);

    private static StoreException Describe(NpgsqlException error, int attempts, TimeSpan elapsed)
    {
        bool transient = PostgresFaults.IsTransient(error);
        string tried = attempts > 1 ? $" (after {attempts} attempts in {elapsed.TotalSeconds:F0} s)" : "";
        return error is PostgresException pg
            ? new StoreException($"PostgreSQL error {pg.SqlState}{tried}: {pg.MessageText}{(pg.Detail is { Length: > 0 } d ? " - " + d : "")}", pg.SqlState, transient, error)
            : new StoreException($"PostgreSQL unreachable{tried}: {Innermost(error).Message}", null, transient, error);
    }

    private static Exception Innermost(Exception error) => error.InnerException is { } inner ? Innermost(inner) : error;
}

/// <summary>A store operation failed for good; <see cref="SqlState"/> is PostgreSQL's error code when there is one.</summary>
/// <param name="transient">The failure was of a kind that passes (the database unreachable, restarting...) but
/// outlasted the retry budget: trying again later may succeed.</param>
public sealed class StoreException(string message, string? sqlState, bool transient, Exception inner) : Exception(message, inner)
{
    public string? SqlState { get; } = sqlState;

    /// <summary>The database was unreachable or restarting for longer than the retry budget.</summary>
    public bool IsTransient { get; } = transient;
}
