using System.Data.Common;
using Forecasting.Storage.Abstractions;

namespace Forecasting.Storage.Resilience;

/// <summary>The lease statements of both stores (the same tables and columns on both; instants are passed and read
/// through the store's own representation: timestamptz on PostgreSQL, ISO 8601 text on SQLite).</summary>
internal static class LeaseSql
{
    /// <summary>Table and start column of each kind of leased work.</summary>
    private static (string Table, string Started, bool Finishes) Of(LeasedWork work) => work switch
    {
        LeasedWork.ForecastRun => ("forecast_runs", "issued_at", false),
        LeasedWork.PlanRun => ("plan_runs", "created_at", false),
        LeasedWork.Load => ("ingest_loads", "started_at", true),
        _ => throw new ArgumentOutOfRangeException(nameof(work), work, "Unknown leased work."),
    };

    public static async Task<bool> RenewAsync(DbConnection connection, LeasedWork work, long id, object expiresAt, CancellationToken cancellationToken)
    {
        var (table, _, _) = Of(work);
        await using var command = Command(connection, $"UPDATE {table} SET lease_expires_at = @expires WHERE id = @id AND status = 'running'",
            ("expires", expiresAt), ("id", id));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public static async Task<IReadOnlyList<ExpiredLease>> FailExpiredAsync(DbConnection connection, object now, object unleasedStartedBefore, Func<object, DateTimeOffset> readInstant, CancellationToken cancellationToken)
    {
        var expired = new List<ExpiredLease>();
        foreach (var work in Enum.GetValues<LeasedWork>())
        {
            var (table, started, finishes) = Of(work);
            await using var command = Command(connection, $"""
                UPDATE {table} SET status = 'failed'{(finishes ? ", finished_at = @now" : "")}
                WHERE status = 'running'
                  AND ((lease_expires_at IS NOT NULL AND lease_expires_at < @now) OR (lease_expires_at IS NULL AND {started} < @unleased))
                RETURNING id, lease_expires_at
                """, ("now", now), ("unleased", unleasedStartedBefore));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                expired.Add(new ExpiredLease(work, reader.GetInt64(0), reader.IsDBNull(1) ? null : readInstant(reader.GetValue(1))));
            }
        }

        return expired;
    }

    private static DbCommand Command(DbConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return command;
    }
}
