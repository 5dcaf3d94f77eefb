using System.Data.Common;
using System.Globalization;
using System.Text;
using Dapper;
using Forecasting.Core.Hierarchy;
using Forecasting.Storage.Abstractions;

namespace Forecasting.Storage.Sql;

/// <summary>The reconciled forecasts of every level, written and read once for both stores. An attribute a level does not
/// split by is stored as '' (so the primary key needs no nulls) and read back as null.</summary>
internal sealed class SqlHierarchyForecasts(SqlSession session)
{
    /// <summary>Rows per INSERT statement (11 parameters each). Small on purpose: SQLite finds each parameter by name among
    /// all of the statement's, so binding costs the square of their number (4,400 parameters a statement took minutes for
    /// 100,000 rows).</summary>
    private const int RowsPerStatement = 50;

    public Task WriteAsync(long runId, ReconciliationMethod method, IReadOnlyList<HierarchyForecastRecord> rows, CancellationToken cancellationToken) =>
        session.WriteAsync(async (connection, transaction) =>
        {
            await connection.ExecuteAsync(SqlProposals.Command("DELETE FROM reconciled_forecasts WHERE run_id = @runId", new { runId }, transaction, cancellationToken));
            await connection.ExecuteAsync(SqlProposals.Command("DELETE FROM forecast_reconciliations WHERE run_id = @runId", new { runId }, transaction, cancellationToken));
            await InsertAsync(connection, transaction, runId, rows, cancellationToken);
            int series = rows.Select(r => (r.Level, r.Sku, r.Category, r.Region)).Distinct().Count();
            await connection.ExecuteAsync(SqlProposals.Command(
                "INSERT INTO forecast_reconciliations (run_id, method, series, created_at) VALUES (@runId, @method, @series, @at)",
                new { runId, method = method.Name(), series, at = session.Now() }, transaction, cancellationToken));
            return 0;
        }, cancellationToken);

    /// <summary>Inserts the rows with one prepared multi-row statement reused for every full batch (its parameters made
    /// once), then one for the remainder.</summary>
    private static async Task InsertAsync(DbConnection connection, DbTransaction transaction, long runId, IReadOnlyList<HierarchyForecastRecord> rows, CancellationToken cancellationToken)
    {
        int full = rows.Count / RowsPerStatement * RowsPerStatement;
        if (full > 0)
        {
            await using var batch = Command(connection, transaction, RowsPerStatement);
            for (int start = 0; start < full; start += RowsPerStatement)
            {
                Bind(batch, runId, rows, start, RowsPerStatement);
                await batch.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        if (rows.Count > full)
        {
            await using var rest = Command(connection, transaction, rows.Count - full);
            Bind(rest, runId, rows, full, rows.Count - full);
            await rest.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static DbCommand Command(DbConnection connection, DbTransaction transaction, int count)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        var sql = new StringBuilder("INSERT INTO reconciled_forecasts (run_id, level, sku, category, region, target_day, horizon, mean, p10, p50, p90) VALUES ");
        for (int k = 0; k < count; k++)
        {
            sql.Append(k == 0 ? "(" : ", (");
            for (int c = 0; c < Columns; c++)
            {
                string name = string.Create(CultureInfo.InvariantCulture, $"@p{(k * Columns) + c}");
                sql.Append(c == 0 ? "" : ", ").Append(name);
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                command.Parameters.Add(parameter);
            }

            sql.Append(')');
        }

        command.CommandText = sql.ToString();
        return command;
    }

    private const int Columns = 11;

    private static void Bind(DbCommand command, long runId, IReadOnlyList<HierarchyForecastRecord> rows, int start, int count)
    {
        for (int k = 0; k < count; k++)
        {
            var row = rows[start + k];
            object[] values = [runId, row.Level.Name(), row.Sku ?? "", row.Category ?? "", row.Region ?? "", row.TargetDate.DayNumber, row.Horizon, row.Mean, row.P10, row.P50, row.P90];
            for (int c = 0; c < Columns; c++)
            {
                command.Parameters[(k * Columns) + c].Value = values[c];
            }
        }
    }

    public Task<StoredReconciliation?> GetAsync(long runId, CancellationToken cancellationToken) => session.ReadAsync(async connection =>
    {
        var row = await connection.QuerySingleOrDefaultAsync<ReconciliationRow>(SqlProposals.Command(
            "SELECT run_id AS RunId, method AS Method, series AS Series, created_at AS CreatedAt FROM forecast_reconciliations WHERE run_id = @runId", new { runId }, null, cancellationToken));
        return row is null ? null : new StoredReconciliation(row.RunId, ReconciliationMethods.Parse(row.Method), (int)row.Series, SqlSession.ReadInstant(row.CreatedAt));
    }, cancellationToken);

    public Task<IReadOnlyList<HierarchyForecastRecord>> ReadAsync(long runId, HierarchyLevel level, HierarchyFilter? filter, CancellationToken cancellationToken) =>
        session.ReadAsync(async connection =>
        {
            var where = new StringBuilder("run_id = @runId AND level = @level");
            where.Append(filter?.Sku is null ? "" : " AND sku = @sku").Append(filter?.Category is null ? "" : " AND category = @category").Append(filter?.Region is null ? "" : " AND region = @region");
            var rows = await connection.QueryAsync<ForecastRow>(SqlProposals.Command(
                $"SELECT sku AS Sku, category AS Category, region AS Region, target_day AS TargetDay, horizon AS Horizon, mean AS Mean, p10 AS P10, p50 AS P50, p90 AS P90 " +
                $"FROM reconciled_forecasts WHERE {where} ORDER BY category, sku, region, target_day",
                new { runId, level = level.Name(), sku = filter?.Sku, category = filter?.Category, region = filter?.Region }, null, cancellationToken));
            return (IReadOnlyList<HierarchyForecastRecord>)[.. rows.Select(r => new HierarchyForecastRecord(runId, level, Null(r.Sku), Null(r.Category), Null(r.Region),
                DateOnly.FromDayNumber((int)r.TargetDay), (int)r.Horizon, r.Mean, r.P10, r.P50, r.P90))];
        }, cancellationToken);

    private static string? Null(string value) => value.Length == 0 ? null : value;

    private sealed class ReconciliationRow
    {
        public long RunId { get; set; }

        public string Method { get; set; } = "";

        public long Series { get; set; }

        public object CreatedAt { get; set; } = "";
    }

    private sealed class ForecastRow
    {
        public string Sku { get; set; } = "";

        public string Category { get; set; } = "";

        public string Region { get; set; } = "";

        public long TargetDay { get; set; }

        public long Horizon { get; set; }

        public double Mean { get; set; }

        public double P10 { get; set; }

        public double P50 { get; set; }

        public double P90 { get; set; }
    }
}
