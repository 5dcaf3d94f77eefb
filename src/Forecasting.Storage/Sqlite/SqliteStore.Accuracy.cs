using System.Globalization;
using Forecasting.Core.Accuracy;
using Forecasting.Core.Domain;
using Forecasting.Storage.Abstractions;
using Microsoft.Data.Sqlite;

namespace Forecasting.Storage.Sqlite;

public sealed partial class SqliteStore
{
    public Task<long> GetSettledLoadAsync(CancellationToken cancellationToken = default)
    {
        using var connection = _database.Open();
        using var command = Command(connection, null, AccuracySql.SettledLoad);
        return Task.FromResult(Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture));
    }

    public Task<IReadOnlyList<ScoredRun>> ListScoredRunsAsync(CancellationToken cancellationToken = default)
    {
        using var connection = _database.Open();
        using var command = Command(connection, null, "SELECT run_id, watermark, scored_at, rows, pruned_at FROM accuracy_runs ORDER BY run_id");
        using var reader = command.ExecuteReader();
        var runs = new List<ScoredRun>();
        while (reader.Read())
        {
            runs.Add(new ScoredRun(reader.GetInt64(0), reader.GetInt64(1), Instant(reader.GetString(2)), reader.GetInt64(3), reader.IsDBNull(4) ? null : Instant(reader.GetString(4))));
        }

        return Task.FromResult<IReadOnlyList<ScoredRun>>(runs);
    }

    public Task<bool> HasDemandChangesAsync(DateOnly first, DateOnly last, long afterLoad, CancellationToken cancellationToken = default)
    {
        using var connection = _database.Open();
        using var command = Command(connection, null, "SELECT EXISTS (SELECT 1 FROM demand WHERE day BETWEEN $f AND $l AND load_id > $w)", "$f", "$l", "$w");
        command.Parameters[0].Value = first.DayNumber;
        command.Parameters[1].Value = last.DayNumber;
        command.Parameters[2].Value = afterLoad;
        return Task.FromResult(Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) == 1);
    }

    public Task FillActualsAsync(ActualsWindow window, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(window);
        using var connection = _database.Open();
        var keys = SeriesKeys(connection);
        using var command = Command(connection, null, "SELECT sku_id, region_id, day, units FROM demand WHERE day BETWEEN $f AND $l", "$f", "$l");
        command.Parameters[0].Value = window.First.DayNumber;
        command.Parameters[1].Value = window.Last.DayNumber;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            window.Set(keys.Get(reader.GetInt32(0), reader.GetInt32(1)), DateOnly.FromDayNumber(reader.GetInt32(2)), reader.GetInt32(3));
        }

        return Task.CompletedTask;
    }

    public Task VisitForecastsAsync(long runId, ForecastVisitor visit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(visit);
        using var connection = _database.Open();
        var keys = SeriesKeys(connection);
        using var command = Command(connection, null, "SELECT sku_id, region_id, model, target_day, mean, p10, p50, p90 FROM forecasts WHERE run_id = $r", "$r");
        command.Parameters[0].Value = runId;
        using var reader = command.ExecuteReader();
        var models = new ModelNames();
        while (reader.Read())
        {
            visit(keys.Get(reader.GetInt32(0), reader.GetInt32(1)), models.Get(reader.GetString(2)), DateOnly.FromDayNumber(reader.GetInt32(3)),
                reader.GetDouble(4), reader.GetDouble(5), reader.GetDouble(6), reader.GetDouble(7));
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyDictionary<AccuracyCell, AccuracySums>> ReadCellsAsync(long runId, CancellationToken cancellationToken = default)
    {
        using var connection = _database.Open();
        using var command = Command(connection, null, $"SELECT {AccuracySql.CellColumns} FROM accuracy_cells WHERE run_id = $r", "$r");
        command.Parameters[0].Value = runId;
        using var reader = command.ExecuteReader();
        var cells = new Dictionary<AccuracyCell, AccuracySums>();
        while (reader.Read())
        {
            var (cell, sums) = AccuracySql.ReadCell(reader);
            cells[cell] = sums;
        }

        return Task.FromResult<IReadOnlyDictionary<AccuracyCell, AccuracySums>>(cells);
    }

    public Task WriteCellsAsync(long runId, IReadOnlyCollection<KeyValuePair<AccuracyCell, AccuracySums>> upserts, IReadOnlyCollection<AccuracyCell> deletes, long watermark, long rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(upserts);
        ArgumentNullException.ThrowIfNull(deletes);
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction();
        using (var delete = Command(connection, transaction, "DELETE FROM accuracy_cells WHERE run_id = $r AND model = $m AND region = $g AND category = $c AND abc = $a AND day = $d", "$r", "$m", "$g", "$c", "$a", "$d"))
        {
            foreach (var cell in deletes)
            {
                BindCell(delete, runId, cell);
                delete.ExecuteNonQuery();
            }
        }

        using (var upsert = Command(connection, transaction, AccuracySql.Upsert(i => "$p" + i.ToString(CultureInfo.InvariantCulture)),
            [.. Enumerable.Range(1, 19).Select(i => "$p" + i.ToString(CultureInfo.InvariantCulture))]))
        {
            foreach (var (cell, sums) in upserts)
            {
                object[] values = AccuracySql.Values(runId, cell, sums);
                for (int i = 0; i < values.Length; i++)
                {
                    upsert.Parameters[i].Value = values[i];
                }

                upsert.ExecuteNonQuery();
            }
        }

        using (var state = Command(connection, transaction, """
            INSERT INTO accuracy_runs (run_id, watermark, scored_at, rows) VALUES ($r, $w, $t, $n)
            ON CONFLICT (run_id) DO UPDATE SET watermark = excluded.watermark, scored_at = excluded.scored_at, rows = excluded.rows
            """, "$r", "$w", "$t", "$n"))
        {
            state.Parameters[0].Value = runId;
            state.Parameters[1].Value = watermark;
            state.Parameters[2].Value = Now();
            state.Parameters[3].Value = rows;
            state.ExecuteNonQuery();
        }

        transaction.Commit();
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<AccuracyRow>> QueryAccuracyAsync(AccuracyQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (where, select, groupBy) = query.Sql(name => "$" + name);
        using var connection = _database.Open();
        using var command = Command(connection, null, $"SELECT {select} FROM accuracy_cells WHERE {where} {groupBy}");
        foreach (var (name, value) in AccuracySql.Parameters(query))
        {
            command.Parameters.AddWithValue("$" + name, value);
        }

        using var reader = command.ExecuteReader();
        var rows = new List<AccuracyRow>();
        while (reader.Read())
        {
            if (reader.IsDBNull(query.GroupBy.Count))
            {
                continue; // no cell matched: SUM over nothing
            }

            rows.Add(new AccuracyRow(AccuracySql.Segment(query, i => reader.GetValue(i)), AccuracySql.ReadSums(reader, query.GroupBy.Count)));
        }

        return Task.FromResult<IReadOnlyList<AccuracyRow>>(rows);
    }

    public Task<IReadOnlyList<AccuracyAlert>> ListAlertsAsync(bool openOnly, CancellationToken cancellationToken = default)
    {
        using var connection = _database.Open();
        using var command = Command(connection, null, $"SELECT {AccuracySql.AlertColumns} FROM accuracy_alerts WHERE ($o = 0 OR status = 'open') ORDER BY id", "$o");
        command.Parameters[0].Value = openOnly ? 1 : 0;
        using var reader = command.ExecuteReader();
        var alerts = new List<AccuracyAlert>();
        while (reader.Read())
        {
            alerts.Add(new AccuracyAlert(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), Instant(reader.GetString(5)),
                DateOnly.FromDayNumber(reader.GetInt32(6)), DateOnly.FromDayNumber(reader.GetInt32(7)), reader.GetDouble(8), reader.IsDBNull(9) ? double.NaN : reader.GetDouble(9),
                reader.GetString(10), reader.IsDBNull(11) ? null : Instant(reader.GetString(11)), reader.IsDBNull(12) ? null : Instant(reader.GetString(12)), reader.IsDBNull(13) ? null : reader.GetString(13)));
        }

        return Task.FromResult<IReadOnlyList<AccuracyAlert>>(alerts);
    }

    public async Task<AccuracyAlert> RaiseAlertAsync(DriftCondition condition, DateOnly day, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        long id;
        using (var connection = _database.Open())
        {
            using var command = Command(connection, null, """
                INSERT INTO accuracy_alerts (kind, dimension, segment, status, raised_at, raised_day, last_day, value, baseline, message)
                VALUES ($k, $d, $s, 'open', $t, $day, $day, $v, $b, $m) RETURNING id
                """, "$k", "$d", "$s", "$t", "$day", "$v", "$b", "$m");
            object?[] values = [condition.Kind, condition.Dimension, condition.Segment, Now(), day.DayNumber, condition.Value, double.IsFinite(condition.Baseline) ? condition.Baseline : null, condition.Message];
            for (int i = 0; i < values.Length; i++)
            {
                command.Parameters[i].Value = Db(values[i]);
            }

            id = (long)command.ExecuteScalar()!;
        }

        return (await ListAlertsAsync(false, cancellationToken)).Single(a => a.Id == id);
    }

    public Task UpdateAlertAsync(long id, DriftCondition condition, DateOnly day, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        using var connection = _database.Open();
        using var command = Command(connection, null, "UPDATE accuracy_alerts SET last_day = $day, value = $v, baseline = $b, message = $m WHERE id = $id AND status = 'open'", "$day", "$v", "$b", "$m", "$id");
        command.Parameters[0].Value = day.DayNumber;
        command.Parameters[1].Value = condition.Value;
        command.Parameters[2].Value = Db(double.IsFinite(condition.Baseline) ? condition.Baseline : null);
        command.Parameters[3].Value = condition.Message;
        command.Parameters[4].Value = id;
        command.ExecuteNonQuery();
        return Task.CompletedTask;
    }

    public Task<bool> AcknowledgeAlertAsync(long id, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        using var connection = _database.Open();
        using var command = Command(connection, null, "UPDATE accuracy_alerts SET acknowledged_at = $t, acknowledged_by = $a WHERE id = $id AND acknowledged_at IS NULL", "$t", "$a", "$id");
        command.Parameters[0].Value = Now();
        command.Parameters[1].Value = actor;
        command.Parameters[2].Value = id;
        return Task.FromResult(command.ExecuteNonQuery() == 1);
    }

    public Task ClearAlertAsync(long id, DateOnly day, CancellationToken cancellationToken = default)
    {
        using var connection = _database.Open();
        using var command = Command(connection, null, "UPDATE accuracy_alerts SET status = 'cleared', cleared_at = $t, last_day = $day WHERE id = $id AND status = 'open'", "$t", "$day", "$id");
        command.Parameters[0].Value = Now();
        command.Parameters[1].Value = day.DayNumber;
        command.Parameters[2].Value = id;
        command.ExecuteNonQuery();
        return Task.CompletedTask;
    }

    public Task<long> PruneRunsAsync(IReadOnlyCollection<long> runIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runIds);
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction();
        long deleted = 0;
        foreach (long runId in runIds)
        {
            foreach (string sql in new[] { "DELETE FROM forecasts WHERE run_id = $r", "DELETE FROM forecast_choices WHERE run_id = $r" })
            {
                using var delete = Command(connection, transaction, sql, "$r");
                delete.Parameters[0].Value = runId;
                deleted += delete.ExecuteNonQuery();
            }

            using var mark = Command(connection, transaction, """
                INSERT INTO accuracy_runs (run_id, watermark, scored_at, rows, pruned_at) VALUES ($r, 0, $t, 0, $t)
                ON CONFLICT (run_id) DO UPDATE SET pruned_at = excluded.pruned_at
                """, "$r", "$t");
            mark.Parameters[0].Value = runId;
            mark.Parameters[1].Value = Now();
            mark.ExecuteNonQuery();
        }

        transaction.Commit();
        return Task.FromResult(deleted);
    }

    private static void BindCell(SqliteCommand command, long runId, AccuracyCell cell)
    {
        command.Parameters[0].Value = runId;
        command.Parameters[1].Value = cell.Model;
        command.Parameters[2].Value = cell.Region;
        command.Parameters[3].Value = cell.Category;
        command.Parameters[4].Value = cell.Abc.ToString();
        command.Parameters[5].Value = cell.Day.DayNumber;
    }

    private static DateTimeOffset Instant(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    private static SeriesKeyMap SeriesKeys(SqliteConnection connection)
    {
        var map = new SeriesKeyMap();
        foreach (var (sql, skus) in new[] { ("SELECT id, sku FROM skus", true), ("SELECT id, region FROM regions", false) })
        {
            using var command = Command(connection, null, sql);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                map.Name(skus, reader.GetInt32(0), reader.GetString(1));
            }
        }

        return map;
    }
}
