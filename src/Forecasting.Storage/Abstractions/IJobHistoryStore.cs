namespace Forecasting.Storage.Abstractions;

/// <summary>One execution of a scheduled job (or of one training shard) as recorded by the node that ran it.</summary>
/// <param name="RunId">The forecast run a training shard belongs to.</param>
/// <param name="Recovering">True when Quartz re-ran this execution after its first node died.</param>
public sealed record JobRunRecord(
    long Id, string Job, long? RunId, int? Shard, int? Shards, string Node, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt,
    string Status, int Series, string? Error, bool Recovering);

/// <summary>A clustered scheduler node as Quartz's job store last saw it (its own table, <c>qrtz_scheduler_state</c>): the
/// node checks in every <paramref name="CheckinInterval"/>; another node recovers its shards when it stops checking in.</summary>
public sealed record SchedulerNode(string Id, DateTimeOffset LastCheckin, TimeSpan CheckinInterval)
{
    /// <summary>Late: no check-in for two intervals and Quartz's 7.5 s grace (the other nodes then treat it as failed
    /// and recover its shards).</summary>
    public bool IsLate(DateTimeOffset now) => now - LastCheckin > 2 * CheckinInterval + TimeSpan.FromSeconds(7.5);
}

/// <summary>The run history of the scheduled jobs: what ran where, when, how it ended.</summary>
public interface IJobHistoryStore
{
    /// <returns>The new record's id.</returns>
    Task<long> StartJobAsync(string job, long? runId, int? shard, int? shards, string node, bool recovering, CancellationToken cancellationToken = default);

    /// <param name="status">completed, failed, cancelled or skipped.</param>
    Task FinishJobAsync(long id, string status, int series, string? error, CancellationToken cancellationToken = default);

    /// <summary>Newest first; only one run's records when <paramref name="runId"/> is given.</summary>
    Task<IReadOnlyList<JobRunRecord>> ListJobRunsAsync(long? runId = null, int limit = 500, CancellationToken cancellationToken = default);

    /// <summary>The nodes of the clustered scheduler sharing this store, by id; empty where no cluster ran (SQLite, or
    /// PostgreSQL before any clustered node started).</summary>
    Task<IReadOnlyList<SchedulerNode>> ListSchedulerNodesAsync(CancellationToken cancellationToken = default);

    /// <summary>Distinct shards of the run that have a completed execution.</summary>
    Task<int> CountCompletedShardsAsync(long runId, CancellationToken cancellationToken = default);
}
