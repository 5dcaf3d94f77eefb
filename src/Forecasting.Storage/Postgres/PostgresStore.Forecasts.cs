using Forecasting.Core.Domain;
using Forecasting.Core.Forecasting;
using Forecasting.Storage.Abstractions;
using Npgsql;
using NpgsqlTypes;

namespace Forecasting.Storage.Postgres;

public sealed partial class PostgresStore
{
    public Task<ForecastRun> CreateRunAsync(ForecastRunKind kind, DateTimeOffset issuedAt, DateOnly cutoff, int horizon, string models, string? parameters = null, CancellationToken cancellationToken = default) => Retry(async () =>
    {
        await using var connection = await Source.OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null,
            "INSERT INTO forecast_runs (kind, issued_at, cutoff_day, horizon, models, status, parameters) VALUES ($1, $2, $3, $4, $5, 'running', $6) RETURNING id",
            kind.ToString(), issuedAt.ToUniversalTime(), cutoff.DayNumber, horizon, models, parameters);
        long id = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        return new ForecastRun(id, kind, issuedAt, cutoff, horizon, models, ForecastRunStatus.Running, 0, parameters);
    }, cancellationToken);

    /// <summary>
    /// In one transaction: the batch's series are deleted from the run (nothing, the first time), then their
    /// rows are COPYed straight into the table, so rewriting a series and model replaces its rows (a re-run
    /// shard leaves exactly one copy) without the per-row cost of an upsert.
    /// </summary>
    /// <remarks>With <paramref name="fresh"/> the deletes are skipped (they cost ~190 ms a batch on a database whose
    /// statistics predate the run); a key that exists after all fails the COPY and the batch is written again
    /// the general way.</remarks>
    public async Task WriteForecastsAsync(long runId, IReadOnlyList<SeriesForecast> forecasts, bool fresh = false, CancellationToken cancellationToken = default)
    {
        try
        {
            await WriteForecastBatchAsync(runId, forecasts, replace: !fresh, cancellationToken);
        }
        catch (StoreException error) when (fresh && error.SqlState == PostgresErrorCodes.UniqueViolation) // rows existed after all
        {
            await WriteForecastBatchAsync(runId, forecasts, replace: true, cancellationToken);
        }
    }

    private Task WriteForecastBatchAsync(long runId, IReadOnlyList<SeriesForecast> forecasts, bool replace, CancellationToken cancellationToken) => Retry(async () =>
    {
        ArgumentNullException.ThrowIfNull(forecasts);
        await using var connection = await Source.OpenConnectionAsync(cancellationToken);
        var (skuIds, regionIds) = await SeriesIdsAsync(connection, forecasts, cancellationToken);
        var keys = new List<(int Sku, int Region, string Model)>(forecasts.Count);
        foreach (var forecast in forecasts)
        {
            if (!skuIds.TryGetValue(forecast.Key.Sku, out int skuId) || !regionIds.TryGetValue(forecast.Key.Region, out int regionId))
            {
                throw new InvalidOperationException($"Cannot store a forecast for {forecast.Key}: unknown SKU or region.");
            }

            keys.Add((skuId, regionId, forecast.Model));
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (string table in replace ? new[] { "forecast_series", "forecast_choices" } : [])
        {
            await ExecuteAsync(connection, transaction, $"""
                DELETE FROM {table} t USING unnest($2::integer[], $3::integer[], $4::text[]) AS k(s, r, m)
                WHERE t.run_id = $1 AND t.sku_id = k.s AND t.region_id = k.r AND t.model = k.m
                """, cancellationToken, runId, keys.Select(k => k.Sku).ToArray(), keys.Select(k => k.Region).ToArray(), keys.Select(k => k.Model).ToArray());
        }
        var last = new Dictionary<(int, int, string), int>();
        for (int i = 0; i < keys.Count; i++)
        {
            last[keys[i]] = i; // the same series and model twice in one call: the last one stands (as in SQLite)
        }

        var choices = new List<(int Sku, int Region, string Model, ModelChoice Choice)>();
        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY forecast_series (run_id, sku_id, region_id, model, first_day, day_step, mean, p10, p50, p90) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            const NpgsqlDbType Doubles = NpgsqlDbType.Array | NpgsqlDbType.Double;
            for (int i = 0; i < forecasts.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var forecast = forecasts[i];
                var (skuId, regionId, model) = keys[i];
                if (last[keys[i]] != i)
                {
                    continue;
                }

                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(runId, NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync(skuId, NpgsqlDbType.Integer, cancellationToken);
                await copy.WriteAsync(regionId, NpgsqlDbType.Integer, cancellationToken);
                await copy.WriteAsync(model, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(forecast.FirstTarget.DayNumber, NpgsqlDbType.Integer, cancellationToken);
                await copy.WriteAsync(forecast.TargetDate(1).DayNumber - forecast.FirstTarget.DayNumber, NpgsqlDbType.Integer, cancellationToken);
                await copy.WriteAsync(forecast.Mean.ToArray(), Doubles, cancellationToken);
                await copy.WriteAsync(forecast.Quantile(0.1).ToArray(), Doubles, cancellationToken);
                await copy.WriteAsync(forecast.Quantile(0.5).ToArray(), Doubles, cancellationToken);
                await copy.WriteAsync(forecast.Quantile(0.9).ToArray(), Doubles, cancellationToken);
                if (forecast.Choice is { } choice)
                {
                    choices.Add((skuId, regionId, model, choice));
                }
            }

            await copy.CompleteAsync(cancellationToken);
        }

        if (choices.Count > 0)
        {
            static double? Number(double value) => double.IsNaN(value) ? null : value;
            await ExecuteAsync(connection, transaction, """
                INSERT INTO forecast_choices (run_id, sku_id, region_id, model, demand_class, cv_score, runner_up, runner_up_score)
                SELECT $1, * FROM unnest($2::integer[], $3::integer[], $4::text[], $5::text[], $6::double precision[], $7::text[], $8::double precision[])
                """, cancellationToken, runId,
                choices.Select(c => c.Sku).ToArray(), choices.Select(c => c.Region).ToArray(), choices.Select(c => c.Model).ToArray(),
                choices.Select(c => c.Choice.DemandClass).ToArray(), choices.Select(c => Number(c.Choice.Score)).ToArray(),
                choices.Select(c => c.Choice.RunnerUp).ToArray(), choices.Select(c => Number(c.Choice.RunnerUpScore)).ToArray());
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }, cancellationToken);

    /// <summary>The ids of the SKUs and regions of these forecasts only (a batch names a few hundred of the catalog's SKUs).</summary>
    private static async Task<(Dictionary<string, int> Skus, Dictionary<string, int> Regions)> SeriesIdsAsync(NpgsqlConnection connection, IReadOnlyList<SeriesForecast> forecasts, CancellationToken cancellationToken)
    {
        var skus = new Dictionary<string, int>(StringComparer.Ordinal);
        var regions = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (table, column, ids, names) in new[]
        {
            ("skus", "sku", skus, forecasts.Select(f => f.Key.Sku).Distinct(StringComparer.Ordinal).ToArray()),
            ("regions", "region", regions, forecasts.Select(f => f.Key.Region).Distinct(StringComparer.Ordinal).ToArray()),
        })
        {
            await using var command = Command(connection, null, $"SELECT id, {column} FROM {table} WHERE {column} = ANY($1)", [names]);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                ids[reader.GetString(1)] = reader.GetInt32(0);
            }
        }

        return (skus, regions);
    }

    public Task CompleteRunAsync(long runId, ForecastRunStatus status, int seriesCount, CancellationToken cancellationToken = default) => Retry(async () =>
    {
        await using var connection = await Source.OpenConnectionAsync(cancellationToken);
        return await ExecuteAsync(connection, null, "UPDATE forecast_runs SET status = $1, series_count = $2 WHERE id = $3", cancellationToken, StatusText.Of(status), seriesCount, runId);
    }, cancellationToken);

    public Task<IReadOnlyList<ForecastRun>> ListRunsAsync(CancellationToken cancellationToken = default) => Retry(async () =>
    {
        await using var connection = await Source.OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null, "SELECT id, kind, issued_at, cutoff_day, horizon, models, status, series_count, parameters FROM forecast_runs ORDER BY id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var runs = new List<ForecastRun>();
        while (await reader.ReadAsync(cancellationToken))
        {
            runs.Add(new ForecastRun(
                reader.GetInt64(0),
                Enum.Parse<ForecastRunKind>(reader.GetString(1)),
                new DateTimeOffset(reader.GetDateTime(2), TimeSpan.Zero),
                DateOnly.FromDayNumber(reader.GetInt32(3)),
                reader.GetInt32(4),
                reader.GetString(5),
                StatusText.ForecastRun(reader.GetString(6)),
                reader.GetInt32(7),
                reader.IsDBNull(8) ? null : reader.GetString(8)));
        }

        return (IReadOnlyList<ForecastRun>)runs;
    }, cancellationToken);

    public Task<(int Total, IReadOnlyList<ForecastSeriesRow> Items)> ListForecastSeriesAsync(long runId, string? category, string? region, string? model, int page, int pageSize, CancellationToken cancellationToken = default) => Retry(async () =>
    {
        const string From = """
            FROM forecasts f JOIN skus s ON s.id = f.sku_id JOIN regions r ON r.id = f.region_id
            WHERE f.run_id = $1 AND ($2::text IS NULL OR s.category = $2::text) AND ($3::text IS NULL OR r.region = $3::text) AND ($4::text IS NULL OR f.model = $4::text)
            GROUP BY s.sku, r.region, s.category, f.model
            """;
        await using var connection = await Source.OpenConnectionAsync(cancellationToken);
        await using var count = Command(connection, null, $"SELECT count(*) FROM (SELECT 1 {From}) t", runId, category, region, model);
        int total = (int)(long)(await count.ExecuteScalarAsync(cancellationToken))!;
        await using var list = Command(connection, null, $"SELECT s.sku, r.region, coalesce(s.category, ''), f.model, count(*), sum(f.mean) {From} ORDER BY s.sku COLLATE \"C\", r.region COLLATE \"C\", f.model COLLATE \"C\" LIMIT $5 OFFSET $6",
            runId, category, region, model, pageSize, (long)(page - 1) * pageSize);
        await using var reader = await list.ExecuteReaderAsync(cancellationToken);
        var items = new List<ForecastSeriesRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new ForecastSeriesRow(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), (int)reader.GetInt64(4), reader.GetDouble(5)));
        }

        return (total, (IReadOnlyList<ForecastSeriesRow>)items);
    }, cancellationToken);

    public Task<IReadOnlyList<ChoiceRecord>> ReadChoicesAsync(long runId, CancellationToken cancellationToken = default) => Retry(async () =>
    {
        await using var connection = await Source.OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null, """
            SELECT s.sku, r.region, c.model, c.demand_class, c.cv_score, c.runner_up, c.runner_up_score
            FROM forecast_choices c JOIN skus s ON s.id = c.sku_id JOIN regions r ON r.id = c.region_id
            WHERE c.run_id = $1 ORDER BY s.sku COLLATE "C", r.region COLLATE "C", c.model COLLATE "C"
            """, runId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var records = new List<ChoiceRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(new ChoiceRecord(runId, reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? double.NaN : reader.GetDouble(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? double.NaN : reader.GetDouble(6)));
        }

        return (IReadOnlyList<ChoiceRecord>)records;
    }, cancellationToken);

    public Task<IReadOnlyList<ForecastRecord>> ReadForecastsAsync(long runId, SeriesKey? series = null, CancellationToken cancellationToken = default) => Retry(async () =>
    {
        await using var connection = await Source.OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null, """
            SELECT s.sku, r.region, f.target_day, f.horizon, f.model, f.mean, f.p10, f.p50, f.p90
            FROM forecasts f JOIN skus s ON s.id = f.sku_id JOIN regions r ON r.id = f.region_id
            WHERE f.run_id = $1 AND ($2::text IS NULL OR (s.sku = $2 AND r.region = $3))
            ORDER BY f.sku_id, f.region_id, f.model COLLATE "C", f.target_day
            """, runId, series?.Sku, series?.Region);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var records = new List<ForecastRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(new ForecastRecord(runId, reader.GetString(0), reader.GetString(1), DateOnly.FromDayNumber(reader.GetInt32(2)), reader.GetInt32(3),
                reader.GetString(4), reader.GetDouble(5), reader.GetDouble(6), reader.GetDouble(7), reader.GetDouble(8)));
        }

        return (IReadOnlyList<ForecastRecord>)records;
    }, cancellationToken);
}
