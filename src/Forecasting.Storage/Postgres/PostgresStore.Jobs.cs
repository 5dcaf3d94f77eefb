using Forecasting.Storage.Abstractions;

namespace Forecasting.Storage.Postgres;

public sealed partial class PostgresStore
{
    public Task<long> StartJobAsync(string job, long? runId, int? shard, int? shards, string node, bool recovering, CancellationToken cancellationToken = default) => Retry(async () =>
    {
        await using var connection = await Source.OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null,
            "INSERT INTO job_runs (job, run_id, shard, shards, node, started_at, status, recovering) VALUES ($1, $2, $3, $4, $5, $6, 'running', $7) RETURNING id",
            job, runId, shard, shards, node, _clock.GetUtcNow(), recovering);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }, cancellationToken);

    public Task FinishJobAsync(long id, string status, int series, string? error, CancellationToken cancellationToken = default) => Retry(async () =>
    {
        await using var connection = await Source.OpenConnectionAsync(cancellationToken);
        return await ExecuteAsync(connection, null, "UPDATE job_runs SET finished_at = $1, status = $2, series = $3, error = $4 WHERE id = $5",
            cancellationToken, _clock.GetUtcNow(), status, series, error, id);
    }, cancellationToken);

    public Task<IReadOnlyList<JobRunRecord>> ListJobRunsAsync(long? runId = null, int limit = 500, CancellationToken cancellationToken = default) => Retry(async () =>
    {
        await using var connection = await Source.OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null, """
            SELECT id, job, run_id, shard, shards, node, started_at, finished_at, status, series, error, recovering
            FROM job_runs WHERE $1::bigint IS NULL OR run_id = $1 ORDER BY id DESC LIMIT $2
            """, runId, limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var records = new List<JobRunRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(new JobRunRecord(
                reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetInt64(2),
                reader.IsDBNull(3) ? null : reader.GetInt32(3), reader.IsDBNull(4) ? null : reader.GetInt32(4), reader.GetString(5),
                new DateTimeOffset(reader.GetDateTime(6), TimeSpan.Zero), reader.IsDBNull(7) ? null : new DateTimeOffset(reader.GetDateTime(7), TimeSpan.Zero),
                reader.GetString(8), reader.GetInt32(9), reader.IsDBNull(10) ? null : reader.GetString(10), reader.GetBoolean(11)));
        }

        return (IReadOnlyList<JobRunRecord>)records;
    }, cancellationToken);

    public Task<IReadOnlyList<SchedulerNode>> ListSchedulerNodesAsync(CancellationToken cancellationToken = default) => Retry(async () =>
    {
        await using var connection = await Source.OpenConnectionAsync(cancellationToken);
        await using (var exists = Command(connection, null, "SELECT to_regclass('qrtz_scheduler_state') IS NOT NULL"))
        {
            if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken))!)
            {
                return (IReadOnlyList<SchedulerNode>)[]; // no clustered node ever started on this store
            }
        }

        // Quartz.NET keeps the check-in time as UTC ticks and the interval in milliseconds.
        await using var command = Command(connection, null, "SELECT instance_name, last_checkin_time, checkin_interval FROM qrtz_scheduler_state ORDER BY instance_name");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var nodes = new List<SchedulerNode>();
        while (await reader.ReadAsync(cancellationToken))
        {
            nodes.Add(new SchedulerNode(reader.GetString(0), new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero), TimeSpan.FromMilliseconds(reader.GetInt64(2))));
        }

        return (IReadOnlyList<SchedulerNode>)nodes;
    }, cancellationToken);

    public Task<int> CountCompletedShardsAsync(long runId, CancellationToken cancellationToken = default) => Retry(async () =>
    {
        await using var connection = await Source.OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null, "SELECT count(DISTINCT shard) FROM job_runs WHERE run_id = $1 AND status = 'completed' AND shard IS NOT NULL", runId);
        return (int)(long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }, cancellationToken);
}
