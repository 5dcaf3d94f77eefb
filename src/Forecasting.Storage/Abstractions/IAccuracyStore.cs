using Forecasting.Core.Accuracy;
using Forecasting.Core.Domain;

namespace Forecasting.Storage.Abstractions;

/// <summary>How far a forecast run has been scored: through which ingest load, when, over how many rows; and
/// whether retention has dropped its raw forecasts (its stored accuracy stays).</summary>
public sealed record ScoredRun(long RunId, long Watermark, DateTimeOffset ScoredAt, long Rows, DateTimeOffset? PrunedAt);

/// <summary>A forecast row as the scorer reads it.</summary>
public delegate void ForecastVisitor(SeriesKey key, string model, DateOnly day, double mean, double p10, double p50, double p90);

/// <summary>One group of stored accuracy: the values of the grouped dimensions and the summed errors.</summary>
public sealed record AccuracyRow(IReadOnlyDictionary<string, string> Segment, AccuracySums Sums);

/// <summary>A drift or coverage alert: open while its condition holds, cleared when it no longer does; ops acknowledge
/// an alert to say someone is on it (it stays open until its condition clears).</summary>
public sealed record AccuracyAlert(long Id, string Kind, string Dimension, string Segment, string Status, DateTimeOffset RaisedAt, DateOnly RaisedDay,
    DateOnly LastDay, double Value, double Baseline, string Message, DateTimeOffset? ClearedAt, DateTimeOffset? AcknowledgedAt = null, string? AcknowledgedBy = null)
{
    public const string Open = "open";
    public const string Cleared = "cleared";
}

/// <summary>
/// Which stored accuracy to read: filters (all optional; days are target days, inclusive) and the dimensions to
/// group by: model, bucket, region, category, abc, week (Monday of the target day's week), day, run.
/// </summary>
public sealed record AccuracyQuery(IReadOnlyList<string> GroupBy, DateOnly? From = null, DateOnly? To = null, string? Model = null, string? Region = null,
    string? Category = null, string? Bucket = null, string? Abc = null, long? RunId = null)
{
    /// <summary>Dimension name to its SQL expression over accuracy_cells (the same in both stores).</summary>
    public static IReadOnlyDictionary<string, string> Dimensions { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["model"] = "model",
        ["bucket"] = "bucket",
        ["region"] = "region",
        ["category"] = "category",
        ["abc"] = "abc",
        ["week"] = "(day - day % 7)", // DayNumber 0 (0001-01-01) is a Monday
        ["day"] = "day",
        ["run"] = "run_id",
    };

    /// <summary>Throws naming the unknown dimensions.</summary>
    public void Validate()
    {
        var unknown = GroupBy.Where(d => !Dimensions.ContainsKey(d)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"Unknown accuracy dimension(s) {string.Join(", ", unknown)}; known: {string.Join(", ", Dimensions.Keys)}.");
        }
    }

    /// <summary>The filter and grouping SQL shared by both stores; <paramref name="parameter"/> names a parameter.</summary>
    internal (string Where, string Select, string GroupBy) Sql(Func<string, string> parameter)
    {
        Validate();
        var terms = new List<string>();
        void Term(object? value, string sql)
        {
            if (value is not null)
            {
                terms.Add(sql);
            }
        }

        Term(From, $"day >= {parameter("from")}");
        Term(To, $"day <= {parameter("to")}");
        Term(Model, $"model = {parameter("model")}");
        Term(Region, $"region = {parameter("region")}");
        Term(Category, $"category = {parameter("category")}");
        Term(Bucket, $"bucket = {parameter("bucket")}");
        Term(Abc, $"abc = {parameter("abc")}");
        Term(RunId, $"run_id = {parameter("run")}");
        string where = terms.Count == 0 ? "TRUE" : string.Join(" AND ", terms);
        string keys = string.Join(", ", GroupBy.Select(d => Dimensions[d]));
        string sums = "SUM(rows), SUM(abs_error), SUM(abs_actual), SUM(error), SUM(actual), SUM(covered), SUM(scaled_abs_error), SUM(scaled_rows), SUM(pinball10), SUM(pinball50), SUM(pinball90), SUM(naive_abs_error)";
        return (where, GroupBy.Count == 0 ? sums : $"{keys}, {sums}", GroupBy.Count == 0 ? string.Empty : $"GROUP BY {keys} ORDER BY {keys}");
    }
}

/// <summary>
/// Stored forecast accuracy: per run, additive cells (model x region x category x ABC x target day) written by the
/// scoring job; drift alerts; and what scoring needs to read (actuals over a window, a run's forecasts, which
/// loads are settled).
/// </summary>
public interface IAccuracyStore
{
    /// <summary>The highest ingest load id below which no load is still running: rows of loads up to it are final.</summary>
    Task<long> GetSettledLoadAsync(CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ScoredRun>> ListScoredRunsAsync(CancellationToken cancellationToken = default);

    /// <summary>Whether demand of a day in [first, last] was written by a load after <paramref name="afterLoad"/>.</summary>
    Task<bool> HasDemandChangesAsync(DateOnly first, DateOnly last, long afterLoad, CancellationToken cancellationToken = default);

    /// <summary>Sets every stored daily units value of the window's days (days without a row stay 0).</summary>
    Task FillActualsAsync(ActualsWindow window, CancellationToken cancellationToken = default);

    /// <summary>Streams a run's forecast rows to <paramref name="visit"/> (not retried: a failure ends the call).</summary>
    Task VisitForecastsAsync(long runId, ForecastVisitor visit, CancellationToken cancellationToken = default);

    Task<IReadOnlyDictionary<AccuracyCell, AccuracySums>> ReadCellsAsync(long runId, CancellationToken cancellationToken = default);

    /// <summary>In one transaction: upserts and deletes a run's cells and records it scored through <paramref name="watermark"/>.</summary>
    Task WriteCellsAsync(long runId, IReadOnlyCollection<KeyValuePair<AccuracyCell, AccuracySums>> upserts, IReadOnlyCollection<AccuracyCell> deletes, long watermark, long rows, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<AccuracyRow>> QueryAccuracyAsync(AccuracyQuery query, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<AccuracyAlert>> ListAlertsAsync(bool openOnly, CancellationToken cancellationToken = default);

    Task<AccuracyAlert> RaiseAlertAsync(DriftCondition condition, DateOnly day, CancellationToken cancellationToken = default);

    /// <summary>Refreshes an open alert's numbers (its condition still holds on <paramref name="day"/>).</summary>
    Task UpdateAlertAsync(long id, DriftCondition condition, DateOnly day, CancellationToken cancellationToken = default);

    Task ClearAlertAsync(long id, DateOnly day, CancellationToken cancellationToken = default);

    /// <summary>Records that <paramref name="actor"/> acknowledged the alert; false when there is no such alert or it was
    /// already acknowledged (the first acknowledgement is kept).</summary>
    Task<bool> AcknowledgeAlertAsync(long id, string actor, CancellationToken cancellationToken = default);

    /// <summary>Retention: deletes the raw forecasts and choices of these runs and marks them pruned (their accuracy stays).</summary>
    Task<long> PruneRunsAsync(IReadOnlyCollection<long> runIds, CancellationToken cancellationToken = default);
}
