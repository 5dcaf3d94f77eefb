using System.Globalization;
using Forecasting.Storage.Abstractions;
using Microsoft.Data.Sqlite;

namespace Forecasting.Storage.Sqlite;

public sealed partial class SqliteStore : IJobHistoryStore
{
    public Task<long> StartJobAsync(string job, long? runId, int? shard, int? shards, string node, bool recovering, CancellationToken cancellationToken = default)
    {
        using var connection = _database.Open();
        using var command = Command(connection, null,
            "INSERT INTO job_runs (job, run_id, shard, shards, node, started_at, status, recovering) VALUES ($j, $r, $s, $n, $node, $t, 'running', $rec) RETURNING id",
            "$j", "$r", "$s", "$n", "$node", "$t", "$rec");
        command.Parameters[0].Value = job;
        command.Parameters[1].Value = Db(runId);
        command.Parameters[2].Value = Db(shard);
        command.Parameters[3].Value = Db(shards);
        command.Parameters[4].Value = node;
        command.Parameters[5].Value = Now();
        command.Parameters[6].Value = recovering ? 1 : 0;
        return Task.FromResult((long)command.ExecuteScalar()!);
    }

    public Task FinishJobAsync(long id, string status, int series, string? error, CancellationToken cancellationToken = default)
    {
        using var connection = _database.Open();
        using var command = Command(connection, null, "UPDATE job_runs SET finished_at = $t, status = $s, series = $n, error = $e WHERE id = $id", "$t", "$s", "$n", "$e", "$id");
        command.Parameters[0].Value = Now();
        command.Parameters[1].Value = status;
        command.Parameters[2].Value = series;
        command.Parameters[3].Value = Db(error);
        command.Parameters[4].Value = id;
        command.ExecuteNonQuery();
        return Task.CompletedTask;
    }

    /// <summary>Empty: the clustered scheduler needs PostgreSQL, so no node checks in to a SQLite store.</summary>
    public Task<IReadOnlyList<SchedulerNode>> ListSchedulerNodesAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<SchedulerNode>>([]);

    public Task<IReadOnlyList<JobRunRecord>> ListJobRunsAsync(long? runId = null, int limit = 500, CancellationToken cancellationToken = default)
    {
        using var connection = _database.Open();
        using var command = Command(connection, null, """
            SELECT id, job, run_id, shard, shards, node, started_at, finished_at, status, series, error, recovering
            FROM job_runs WHERE $r IS NULL OR run_id = $r ORDER BY id DESC LIMIT $l
            """, "$r", "$l");
        command.Parameters[0].Value = Db(runId);
        command.Parameters[1].Value = limit;
        using var reader = command.ExecuteReader();
        var records = new List<JobRunRecord>();
        while (reader.Read())
        {
            records.Add(new JobRunRecord(
                reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetInt64(2),
                reader.IsDBNull(3) ? null : reader.GetInt32(3), reader.IsDBNull(4) ? null : reader.GetInt32(4), reader.GetString(5),
                Instant(reader, 6)!.Value, Instant(reader, 7), reader.GetString(8), reader.GetInt32(9), reader.IsDBNull(10) ? null : reader.GetString(10),
                reader.GetInt32(11) != 0));
        }

        return Task.FromResult<IReadOnlyList<JobRunRecord>>(records);
    }

    public Task<int> CountCompletedShardsAsync(long runId, CancellationToken cancellationToken = default)
    {
        using var connection = _database.Open();
        using var command = Command(connection, null, "SELECT COUNT(DISTINCT shard) FROM job_runs WHERE run_id = $r AND status = 'completed' AND shard IS NOT NULL", "$r");
        command.Parameters[0].Value = runId;
        return Task.FromResult(Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture));
    }

    private static DateTimeOffset? Instant(SqliteDataReader reader, int column) =>
        reader.IsDBNull(column) ? null : DateTimeOffset.Parse(reader.GetString(column), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}
