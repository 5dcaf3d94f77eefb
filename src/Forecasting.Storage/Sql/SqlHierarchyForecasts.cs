using System.Text;
using Dapper;
using Forecasting.Core.Hierarchy;
using Forecasting.Storage.Abstractions;

namespace Forecasting.Storage.Sql;

/// <summary>The reconciled forecasts of every level, written and read once for both stores. An attribute a level does not
/// split by is stored as '' (so the primary key needs no nulls) and read back as null.</summary>
internal sealed class SqlHierarchyForecasts(SqlSession session)
{
    /// <summary>Rows per INSERT statement (11 parameters each, far under both stores' parameter limits).</summary>
    private const int RowsPerStatement = 400;

    public Task WriteAsync(long runId, ReconciliationMethod method, IReadOnlyList<HierarchyForecastRecord> rows, CancellationToken cancellationToken) =>
        session.WriteAsync(async (connection, transaction) =>
        {
            await connection.ExecuteAsync(SqlProposals.Command("DELETE FROM reconciled_forecasts WHERE run_id = @runId", new { runId }, transaction, cancellationToken));
            await connection.ExecuteAsync(SqlProposals.Command("DELETE FROM forecast_reconciliations WHERE run_id = @runId", new { runId }, transaction, cancellationToken));
            for (int start = 0; start < rows.Count; start += RowsPerStatement)
            {
                int count = Math.Min(RowsPerStatement, rows.Count - start);
                var sql = new StringBuilder("INSERT INTO reconciled_forecasts (run_id, level, sku, category, region, target_day, horizon, mean, p10, p50, p90) VALUES ");
                var parameters = new DynamicParameters();
                for (int k = 0; k < count; k++)
                {
                    var row = rows[start + k];
                    sql.Append(k == 0 ? "" : ", ").Append(System.Globalization.CultureInfo.InvariantCulture,
                        $"(@r{k}, @l{k}, @s{k}, @c{k}, @g{k}, @d{k}, @h{k}, @m{k}, @a{k}, @b{k}, @e{k})");
                    parameters.Add($"r{k}", runId);
                    parameters.Add($"l{k}", row.Level.Name());
                    parameters.Add($"s{k}", row.Sku ?? "");
                    parameters.Add($"c{k}", row.Category ?? "");
                    parameters.Add($"g{k}", row.Region ?? "");
                    parameters.Add($"d{k}", row.TargetDate.DayNumber);
                    parameters.Add($"h{k}", row.Horizon);
                    parameters.Add($"m{k}", row.Mean);
                    parameters.Add($"a{k}", row.P10);
                    parameters.Add($"b{k}", row.P50);
                    parameters.Add($"e{k}", row.P90);
                }

                await connection.ExecuteAsync(SqlProposals.Command(sql.ToString(), parameters, transaction, cancellationToken));
            }

            int series = rows.Select(r => (r.Level, r.Sku, r.Category, r.Region)).Distinct().Count();
            await connection.ExecuteAsync(SqlProposals.Command(
                "INSERT INTO forecast_reconciliations (run_id, method, series, created_at) VALUES (@runId, @method, @series, @at)",
                new { runId, method = method.Name(), series, at = session.Now() }, transaction, cancellationToken));
            return 0;
        }, cancellationToken);

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
