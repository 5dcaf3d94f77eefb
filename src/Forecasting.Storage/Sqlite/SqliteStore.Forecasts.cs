using System.Globalization;
using Forecasting.Core.Domain;
using Forecasting.Core.Forecasting;
using Forecasting.Storage.Abstractions;

namespace Forecasting.Storage.Sqlite;

public sealed partial class SqliteStore : IForecastStore
{
    public Task<ForecastRun> CreateRunAsync(ForecastRunKind kind, DateTimeOffset issuedAt, DateOnly cutoff, int horizon, string models, string? parameters = null, CancellationToken cancellationToken = default)
    {
        using var connection = _database.Open();
        using var command = Command(connection, null,
            "INSERT INTO forecast_runs (kind, issued_at, cutoff_day, horizon, models, status, parameters) VALUES ($k, $i, $c, $h, $m, 'running', $p) RETURNING id",
            "$k", "$i", "$c", "$h", "$m", "$p");
        command.Parameters[0].Value = kind.ToString();
        command.Parameters[1].Value = issuedAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
        command.Parameters[2].Value = cutoff.DayNumber;
        command.Parameters[3].Value = horizon;
        command.Parameters[4].Value = models;
        command.Parameters[5].Value = Db(parameters);
        long id = (long)command.ExecuteScalar()!;
        return Task.FromResult(new ForecastRun(id, kind, issuedAt, cutoff, horizon, models, ForecastRunStatus.Running, 0, parameters));
    }

    public Task WriteForecastsAsync(long runId, IReadOnlyList<SeriesForecast> forecasts, bool fresh = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(forecasts);
        using var connection = _database.Open();
        var reference = ReadReferenceData(connection);
        using var transaction = connection.BeginTransaction();
        using var command = Command(connection, transaction, """
            INSERT OR REPLACE INTO forecasts (run_id, sku_id, region_id, model, target_day, horizon, mean, p10, p50, p90)
            VALUES ($run, $s, $r, $m, $t, $h, $mean, $p10, $p50, $p90)
            """, "$run", "$s", "$r", "$m", "$t", "$h", "$mean", "$p10", "$p50", "$p90");
        command.Prepare();
        using var choice = Command(connection, transaction, """
            INSERT OR REPLACE INTO forecast_choices (run_id, sku_id, region_id, model, demand_class, cv_score, runner_up, runner_up_score)
            VALUES ($run, $s, $r, $m, $c, $score, $ru, $rus)
            """, "$run", "$s", "$r", "$m", "$c", "$score", "$ru", "$rus");
        choice.Prepare();
        choice.Parameters[0].Value = runId;
        var p = command.Parameters;
        p[0].Value = runId;
        foreach (var forecast in forecasts)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!reference.SkuIds.TryGetValue(forecast.Key.Sku, out int skuId) || !reference.RegionIds.TryGetValue(forecast.Key.Region, out int regionId))
            {
                throw new InvalidOperationException($"Cannot store a forecast for {forecast.Key}: unknown SKU or region.");
            }

            var mean = forecast.Mean;
            var p10 = forecast.Quantile(0.1);
            var p50 = forecast.Quantile(0.5);
            var p90 = forecast.Quantile(0.9);
            p[1].Value = skuId;
            p[2].Value = regionId;
            p[3].Value = forecast.Model;
            if (forecast.Choice is { } why)
            {
                var c = choice.Parameters;
                c[1].Value = skuId;
                c[2].Value = regionId;
                c[3].Value = forecast.Model;
                c[4].Value = why.DemandClass;
                c[5].Value = double.IsNaN(why.Score) ? DBNull.Value : why.Score;
                c[6].Value = Db(why.RunnerUp);
                c[7].Value = double.IsNaN(why.RunnerUpScore) ? DBNull.Value : why.RunnerUpScore;
                choice.ExecuteNonQuery();
            }

            for (int step = 0; step < forecast.Horizon; step++)
            {
                p[4].Value = forecast.TargetDate(step).DayNumber;
                p[5].Value = step + 1;
                p[6].Value = mean[step];
                p[7].Value = p10[step];
                p[8].Value = p50[step];
                p[9].Value = p90[step];
                command.ExecuteNonQuery();
            }
        }

        transaction.Commit();
        return Task.CompletedTask;
    }

    public Task CompleteRunAsync(long runId, ForecastRunStatus status, int seriesCount, CancellationToken cancellationToken = default)
    {
        using var connection = _database.Open();
        using var command = Command(connection, null, "UPDATE forecast_runs SET status = $s, series_count = $n WHERE id = $id", "$s", "$n", "$id");
        command.Parameters[0].Value = StatusText.Of(status);
        command.Parameters[1].Value = seriesCount;
        command.Parameters[2].Value = runId;
        command.ExecuteNonQuery();
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ForecastRun>> ListRunsAsync(CancellationToken cancellationToken = default)
    {
        using var connection = _database.Open();
        using var command = Command(connection, null, "SELECT id, kind, issued_at, cutoff_day, horizon, models, status, series_count, parameters FROM forecast_runs ORDER BY id");
        using var reader = command.ExecuteReader();
        var runs = new List<ForecastRun>();
        while (reader.Read())
        {
            runs.Add(new ForecastRun(
                reader.GetInt64(0),
                Enum.Parse<ForecastRunKind>(reader.GetString(1)),
                DateTimeOffset.Parse(reader.GetString(2), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
                DateOnly.FromDayNumber(reader.GetInt32(3)),
                reader.GetInt32(4),
                reader.GetString(5),
                StatusText.ForecastRun(reader.GetString(6)),
                reader.GetInt32(7),
                reader.IsDBNull(8) ? null : reader.GetString(8)));
        }

        return Task.FromResult<IReadOnlyList<ForecastRun>>(runs);
    }

    public Task<(int Total, IReadOnlyList<ForecastSeriesRow> Items)> ListForecastSeriesAsync(long runId, string? category, string? region, string? model, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        const string From = """
            FROM forecasts f JOIN skus s ON s.id = f.sku_id JOIN regions r ON r.id = f.region_id
            WHERE f.run_id = $run AND ($c IS NULL OR s.category = $c) AND ($r IS NULL OR r.region = $r) AND ($m IS NULL OR f.model = $m)
            GROUP BY s.sku, r.region, s.category, f.model
            """;
        using var connection = _database.Open();
        void Bind(Microsoft.Data.Sqlite.SqliteCommand command)
        {
            command.Parameters.AddWithValue("$run", runId);
            command.Parameters.AddWithValue("$c", Db(category));
            command.Parameters.AddWithValue("$r", Db(region));
            command.Parameters.AddWithValue("$m", Db(model));
        }

        using var count = connection.CreateCommand();
        count.CommandText = $"SELECT COUNT(*) FROM (SELECT 1 {From})";
        Bind(count);
        int total = Convert.ToInt32(count.ExecuteScalar(), CultureInfo.InvariantCulture);
        using var list = connection.CreateCommand();
        list.CommandText = $"SELECT s.sku, r.region, COALESCE(s.category, ''), f.model, COUNT(*), SUM(f.mean) {From} ORDER BY s.sku, r.region, f.model LIMIT $limit OFFSET $offset";
        Bind(list);
        list.Parameters.AddWithValue("$limit", pageSize);
        list.Parameters.AddWithValue("$offset", (long)(page - 1) * pageSize);
        using var reader = list.ExecuteReader();
        var items = new List<ForecastSeriesRow>();
        while (reader.Read())
        {
            items.Add(new ForecastSeriesRow(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4), reader.GetDouble(5)));
        }

        return Task.FromResult<(int, IReadOnlyList<ForecastSeriesRow>)>((total, items));
    }

    public Task<IReadOnlyList<ChoiceRecord>> ReadChoicesAsync(long runId, CancellationToken cancellationToken = default)
    {
        using var connection = _database.Open();
        using var command = Command(connection, null, """
            SELECT s.sku, r.region, c.model, c.demand_class, c.cv_score, c.runner_up, c.runner_up_score
            FROM forecast_choices c JOIN skus s ON s.id = c.sku_id JOIN regions r ON r.id = c.region_id
            WHERE c.run_id = $run ORDER BY s.sku, r.region, c.model
            """, "$run");
        command.Parameters[0].Value = runId;
        using var reader = command.ExecuteReader();
        var records = new List<ChoiceRecord>();
        while (reader.Read())
        {
            records.Add(new ChoiceRecord(runId, reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? double.NaN : reader.GetDouble(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? double.NaN : reader.GetDouble(6)));
        }

        return Task.FromResult<IReadOnlyList<ChoiceRecord>>(records);
    }

    public Task<IReadOnlyList<ForecastRecord>> ReadForecastsAsync(long runId, SeriesKey? series = null, CancellationToken cancellationToken = default)
    {
        using var connection = _database.Open();
        using var command = Command(connection, null, """
            SELECT s.sku, r.region, f.target_day, f.horizon, f.model, f.mean, f.p10, f.p50, f.p90
            FROM forecasts f JOIN skus s ON s.id = f.sku_id JOIN regions r ON r.id = f.region_id
            WHERE f.run_id = $run AND ($sku IS NULL OR (s.sku = $sku AND r.region = $region))
            ORDER BY f.sku_id, f.region_id, f.model, f.target_day
            """, "$run", "$sku", "$region");
        command.Parameters[0].Value = runId;
        command.Parameters[1].Value = Db(series?.Sku);
        command.Parameters[2].Value = Db(series?.Region);
        using var reader = command.ExecuteReader();
        var records = new List<ForecastRecord>();
        while (reader.Read())
        {
            records.Add(new ForecastRecord(runId, reader.GetString(0), reader.GetString(1), DateOnly.FromDayNumber(reader.GetInt32(2)), reader.GetInt32(3),
                reader.GetString(4), reader.GetDouble(5), reader.GetDouble(6), reader.GetDouble(7), reader.GetDouble(8)));
        }

        return Task.FromResult<IReadOnlyList<ForecastRecord>>(records);
    }
}
