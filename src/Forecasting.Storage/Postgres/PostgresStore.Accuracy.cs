using Forecasting.Core.Accuracy;
using Forecasting.Storage.Abstractions;
using Npgsql;
using NpgsqlTypes;

namespace Forecasting.Storage.Postgres;

public sealed partial class PostgresStore
{
    public Task<long> GetSettledLoadAsync(CancellationToken cancellationToken = default) => Retry(async () =>
    {
        await using var connection = await Source.OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null, AccuracySql.SettledLoad);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }, cancellationToken);

    public Task<IReadOnlyList<ScoredRun>> ListScoredRunsAsync(CancellationToken cancellationToken = default) => Retry(async () =>
    {
        await using var connection = await Source.OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null, "SELECT run_id, watermark, scored_at, rows, pruned_at FROM accuracy_runs ORDER BY run_id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var runs = new List<ScoredRun>();
        while (await reader.ReadAsync(cancellationToken))
        {
            runs.Add(new ScoredRun(reader.GetInt64(0), reader.GetInt64(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetInt64(3),
                reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4)));
        }

        return (IReadOnlyList<ScoredRun>)runs;
    }, cancellationToken);

    public Task<bool> HasDemandChangesAsync(DateOnly first, DateOnly last, long afterLoad, CancellationToken cancellationToken = default) => Retry(async () =>
    {
        await using var connection = await Source.OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null, "SELECT EXISTS (SELECT 1 FROM demand WHERE day BETWEEN $1 AND $2 AND load_id > $3)", first.DayNumber, last.DayNumber, afterLoad);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }, cancellationToken);

    public Task FillActualsAsync(ActualsWindow window, CancellationToken cancellationToken = default) => Retry(async () =>
    {
        ArgumentNullException.ThrowIfNull(window);
        await using var connection = await Source.OpenConnectionAsync(cancellationToken);
        var keys = await SeriesKeysAsync(connection, cancellationToken);
        await using var command = Command(connection, null, "SELECT sku_id, region_id, day, units FROM demand WHERE day BETWEEN $1 AND $2", window.First.DayNumber, window.Last.DayNumber);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            window.Set(keys.Get(reader.GetInt32(0), reader.GetInt32(1)), DateOnly.FromDayNumber(reader.GetInt32(2)), reader.GetInt32(3));
        }

        return true; // setting a day twice is harmless, so the whole read may be retried
    }, cancellationToken);

    public async Task VisitForecastsAsync(long runId, ForecastVisitor visit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(visit);
        await using var connection = await Source.OpenConnectionAsync(cancellationToken);
        var keys = await SeriesKeysAsync(connection, cancellationToken);
        await using var command = Command(connection, null, "SELECT sku_id, region_id, model, first_day, day_step, mean, p10, p50, p90 FROM forecast_series WHERE run_id = $1", runId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var models = new ModelNames();
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = keys.Get(reader.GetInt32(0), reader.GetInt32(1));
            var model = models.Get(reader.GetString(2));
            int firstDay = reader.GetInt32(3), step = reader.GetInt32(4);
            var (mean, p10, p50, p90) = (reader.GetFieldValue<double[]>(5), reader.GetFieldValue<double[]>(6), reader.GetFieldValue<double[]>(7), reader.GetFieldValue<double[]>(8));
            for (int h = 0; h < mean.Length; h++)
            {
                visit(key, model, DateOnly.FromDayNumber(firstDay + h * step), mean[h], p10[h], p50[h], p90[h]);
            }
        }
    }

    public Task<IReadOnlyDictionary<AccuracyCell, AccuracySums>> ReadCellsAsync(long runId, CancellationToken cancellationToken = default) => Retry(async () =>
    {
        await using var connection = await Source.OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null, $"SELECT {AccuracySql.CellColumns} FROM accuracy_cells WHERE run_id = $1", runId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var cells = new Dictionary<AccuracyCell, AccuracySums>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var (cell, sums) = AccuracySql.ReadCell(reader);
            cells[cell] = sums;
        }

        return (IReadOnlyDictionary<AccuracyCell, AccuracySums>)cells;
    }, cancellationToken);

    public Task WriteCellsAsync(long runId, IReadOnlyCollection<KeyValuePair<AccuracyCell, AccuracySums>> upserts, IReadOnlyCollection<AccuracyCell> deletes, long watermark, long rows, CancellationToken cancellationToken = default) => Retry(async () =>
    {
        ArgumentNullException.ThrowIfNull(upserts);
        ArgumentNullException.ThrowIfNull(deletes);
        await using var connection = await Source.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (deletes.Count > 0)
        {
            await ExecuteAsync(connection, transaction, """
                DELETE FROM accuracy_cells c USING unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::integer[]) AS d(model, region, category, abc, day)
                WHERE c.run_id = $1 AND c.model = d.model AND c.region = d.region AND c.category = d.category AND c.abc = d.abc AND c.day = d.day
                """, cancellationToken, runId, deletes.Select(c => c.Model).ToArray(), deletes.Select(c => c.Region).ToArray(), deletes.Select(c => c.Category).ToArray(),
                deletes.Select(c => c.Abc.ToString()).ToArray(), deletes.Select(c => c.Day.DayNumber).ToArray());
        }

        if (upserts.Count > 0)
        {
            // One statement for all cells: each column travels as an array and unnest turns them back into rows.
            var values = upserts.Select(p => AccuracySql.Values(runId, p.Key, p.Value)).ToList();
            object Column<T>(int index) => values.Select(v => (T)v[index]).ToArray();
            await ExecuteAsync(connection, transaction, $"""
                INSERT INTO accuracy_cells (run_id, {AccuracySql.CellColumns})
                SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::integer[], $7::text[], $8::bigint[], $9::float8[], $10::float8[],
                    $11::float8[], $12::float8[], $13::bigint[], $14::float8[], $15::bigint[], $16::float8[], $17::float8[], $18::float8[], $19::float8[])
                ON CONFLICT (run_id, model, region, category, abc, day) DO UPDATE SET
                {AccuracySql.UpdateSums}
                """, cancellationToken, runId, Column<string>(1), Column<string>(2), Column<string>(3), Column<string>(4), Column<int>(5), Column<string>(6),
                Column<long>(7), Column<double>(8), Column<double>(9), Column<double>(10), Column<double>(11), Column<long>(12), Column<double>(13), Column<long>(14),
                Column<double>(15), Column<double>(16), Column<double>(17), Column<double>(18));
        }

        await ExecuteAsync(connection, transaction, """
            INSERT INTO accuracy_runs (run_id, watermark, scored_at, rows) VALUES ($1, $2, $3, $4)
            ON CONFLICT (run_id) DO UPDATE SET watermark = excluded.watermark, scored_at = excluded.scored_at, rows = excluded.rows
            """, cancellationToken, runId, watermark, _clock.GetUtcNow(), rows);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }, cancellationToken);

    public Task<IReadOnlyList<AccuracyRow>> QueryAccuracyAsync(AccuracyQuery query, CancellationToken cancellationToken = default) => Retry(async () =>
    {
        ArgumentNullException.ThrowIfNull(query);
        var parameters = AccuracySql.Parameters(query).ToList();
        var (where, select, groupBy) = query.Sql(name => "@" + name);
        await using var connection = await Source.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT {select} FROM accuracy_cells WHERE {where} {groupBy}", connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<AccuracyRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            if (!reader.IsDBNull(query.GroupBy.Count))
            {
                rows.Add(new AccuracyRow(AccuracySql.Segment(query, reader.GetValue), AccuracySql.ReadSums(reader, query.GroupBy.Count)));
            }
        }

        return (IReadOnlyList<AccuracyRow>)rows;
    }, cancellationToken);

    public Task<IReadOnlyList<AccuracyAlert>> ListAlertsAsync(bool openOnly, CancellationToken cancellationToken = default) => Retry(async () =>
    {
        await using var connection = await Source.OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null, $"SELECT {AccuracySql.AlertColumns} FROM accuracy_alerts WHERE (NOT $1 OR status = 'open') ORDER BY id", openOnly);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var alerts = new List<AccuracyAlert>();
        while (await reader.ReadAsync(cancellationToken))
        {
            alerts.Add(new AccuracyAlert(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetFieldValue<DateTimeOffset>(5),
                DateOnly.FromDayNumber(reader.GetInt32(6)), DateOnly.FromDayNumber(reader.GetInt32(7)), reader.GetDouble(8), reader.IsDBNull(9) ? double.NaN : reader.GetDouble(9),
                reader.GetString(10), reader.IsDBNull(11) ? null : reader.GetFieldValue<DateTimeOffset>(11),
                reader.IsDBNull(12) ? null : reader.GetFieldValue<DateTimeOffset>(12), reader.IsDBNull(13) ? null : reader.GetString(13)));
        }

        return (IReadOnlyList<AccuracyAlert>)alerts;
    }, cancellationToken);

    public async Task<AccuracyAlert> RaiseAlertAsync(DriftCondition condition, DateOnly day, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        long id = await Retry(async () =>
        {
            await using var connection = await Source.OpenConnectionAsync(cancellationToken);
            await using var command = Command(connection, null, """
                INSERT INTO accuracy_alerts (kind, dimension, segment, status, raised_at, raised_day, last_day, value, baseline, message)
                VALUES ($1, $2, $3, 'open', $4, $5, $5, $6, $7, $8) RETURNING id
                """, condition.Kind, condition.Dimension, condition.Segment, _clock.GetUtcNow(), day.DayNumber, condition.Value,
                double.IsFinite(condition.Baseline) ? condition.Baseline : null, condition.Message);
            return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }, cancellationToken);
        return (await ListAlertsAsync(false, cancellationToken)).Single(a => a.Id == id);
    }

    public Task UpdateAlertAsync(long id, DriftCondition condition, DateOnly day, CancellationToken cancellationToken = default) => Retry(async () =>
    {
        ArgumentNullException.ThrowIfNull(condition);
        await using var connection = await Source.OpenConnectionAsync(cancellationToken);
        return await ExecuteAsync(connection, null, "UPDATE accuracy_alerts SET last_day = $1, value = $2, baseline = $3, message = $4 WHERE id = $5 AND status = 'open'",
            cancellationToken, day.DayNumber, condition.Value, double.IsFinite(condition.Baseline) ? condition.Baseline : null, condition.Message, id);
    }, cancellationToken);

    public Task ClearAlertAsync(long id, DateOnly day, CancellationToken cancellationToken = default) => Retry(async () =>
    {
        await using var connection = await Source.OpenConnectionAsync(cancellationToken);
        return await ExecuteAsync(connection, null, "UPDATE accuracy_alerts SET status = 'cleared', cleared_at = $1, last_day = $2 WHERE id = $3 AND status = 'open'",
            cancellationToken, _clock.GetUtcNow(), day.DayNumber, id);
    }, cancellationToken);

    public Task<bool> AcknowledgeAlertAsync(long id, string actor, CancellationToken cancellationToken = default) => Retry(async () =>
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        await using var connection = await Source.OpenConnectionAsync(cancellationToken);
        return await ExecuteAsync(connection, null, "UPDATE accuracy_alerts SET acknowledged_at = $1, acknowledged_by = $2 WHERE id = $3 AND acknowledged_at IS NULL",
            cancellationToken, _clock.GetUtcNow(), actor, id) == 1;
    }, cancellationToken);

    public Task<long> PruneRunsAsync(IReadOnlyCollection<long> runIds, CancellationToken cancellationToken = default) => Retry(async () =>
    {
        ArgumentNullException.ThrowIfNull(runIds);
        long[] ids = [.. runIds];
        await using var connection = await Source.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        long deleted;
        await using (var forecastDays = Command(connection, transaction, // counted in forecast days, as in SQLite
            "WITH d AS (DELETE FROM forecast_series WHERE run_id = ANY($1) RETURNING cardinality(mean) AS days) SELECT coalesce(sum(days), 0)::bigint FROM d", ids))
        {
            deleted = (long)(await forecastDays.ExecuteScalarAsync(cancellationToken))!;
        }

        deleted += await ExecuteAsync(connection, transaction, "DELETE FROM forecast_choices WHERE run_id = ANY($1)", cancellationToken, ids);
        var now = _clock.GetUtcNow();
        await ExecuteAsync(connection, transaction, """
            INSERT INTO accuracy_runs (run_id, watermark, scored_at, rows, pruned_at) SELECT r, 0, $2, 0, $2 FROM unnest($1::bigint[]) AS r
            ON CONFLICT (run_id) DO UPDATE SET pruned_at = excluded.pruned_at
            """, cancellationToken, ids, now);
        await transaction.CommitAsync(cancellationToken);
        return deleted;
    }, cancellationToken);

    private static async Task<SeriesKeyMap> SeriesKeysAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var map = new SeriesKeyMap();
        foreach (var (sql, skus) in new[] { ("SELECT id, sku FROM skus", true), ("SELECT id, region FROM regions", false) })
        {
            await using var command = Command(connection, null, sql);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                map.Name(skus, reader.GetInt32(0), reader.GetString(1));
            }
        }

        return map;
    }
}
