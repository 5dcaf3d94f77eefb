using Forecasting.Core.Accuracy;
using Forecasting.Core.Domain;
using Forecasting.Core.Planning;
using Forecasting.Pipeline.Telemetry;
using Forecasting.Storage.Abstractions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Forecasting.Pipeline.Scoring;

/// <summary>What one run's scoring changed.</summary>
public sealed record RunScoring(long RunId, DateOnly Cutoff, long Rows, int CellsWritten, int CellsDeleted);

/// <summary>An alert raised, kept open with fresh numbers, or cleared by this scoring.</summary>
/// <summary>What a scoring pass did to an alert.</summary>
public enum AlertChangeKind
{
    /// <summary>Still open: its condition still holds (value, baseline and message refreshed).</summary>
    Kept,

    /// <summary>Newly opened.</summary>
    Raised,

    /// <summary>Closed: its condition no longer holds.</summary>
    Cleared,
}

public sealed record AlertChange(AlertChangeKind Change, AccuracyAlert Alert)
{
    /// <summary>The change in lower case, as logs and the CLI print it.</summary>
    public string ChangeName => Change.ToString().ToLowerInvariant();
}

public sealed record ScoringResult(IReadOnlyList<RunScoring> Runs, IReadOnlyList<AlertChange> Alerts, IReadOnlyList<long> PrunedRuns)
{
    public long Rows => Runs.Sum(r => r.Rows);
}

/// <summary>
/// The scoring job's work. (1) Finds the forecast snapshots to score: completed production runs never scored, or
/// whose window (history behind the MASE scale and naive benchmark, then the forecast days) holds demand written by
/// a load after the one they were scored through. (2) Scores each against the actuals (<see cref="SnapshotScorer"/>)
/// and writes only the cells whose sums changed, so late actuals touch only the aggregates they affect and a
/// re-run writes nothing. (3) Judges drift per segment and raises, refreshes or clears alerts. (4) Applies
/// retention. (5) Publishes accuracy gauges for OpenTelemetry.
/// </summary>
public sealed class AccuracyScoringService(IForecastingStore store, AccuracyOptions options, ILogger? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger.Instance;

    public async Task<ScoringResult> ScoreAsync(IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        options.Validate();
        if ((await store.GetDemandDaysAsync(cancellationToken)).Last is not { } lastDay)
        {
            return new ScoringResult([], [], []);
        }

        long settled = await store.GetSettledLoadAsync(cancellationToken);
        var scored = (await store.ListScoredRunsAsync(cancellationToken)).ToDictionary(s => s.RunId);
        var runs = Snapshots.Scorable(await store.ListRunsAsync(cancellationToken), scored.Values, lastDay).ToList();
        var due = new List<ForecastRun>();
        foreach (var run in runs)
        {
            var (first, last) = Window(run, lastDay);
            if (!scored.TryGetValue(run.Id, out var state) || (state.Watermark < settled && await store.HasDemandChangesAsync(first, last, state.Watermark, cancellationToken)))
            {
                due.Add(run);
            }
        }

        var results = new List<RunScoring>();
        if (due.Count > 0)
        {
            var window = new ActualsWindow(due.Min(r => Window(r, lastDay).First), due.Max(r => Window(r, lastDay).Last));
            progress?.Report($"reading actuals {window.First:yyyy-MM-dd} to {window.Last:yyyy-MM-dd}");
            await store.FillActualsAsync(window, cancellationToken);
            var catalog = (await store.GetCatalogAsync(cancellationToken)).ToDictionary(c => c.Sku, StringComparer.Ordinal);
            foreach (var run in due)
            {
                progress?.Report($"scoring run {run.Id} (cut-off {run.Cutoff:yyyy-MM-dd})");
                results.Add(await ScoreRunAsync(run, window, catalog, settled, cancellationToken));
            }
        }

        var alerts = await JudgeDriftAsync(lastDay, cancellationToken);
        var pruned = await ApplyRetentionAsync(runs, lastDay, cancellationToken);
        await PublishAsync(lastDay, cancellationToken);
        return new ScoringResult(results, alerts, pruned);
    }

    /// <summary>Days a run's scoring reads: the history behind its scale and benchmark, then its forecast days that have actuals.</summary>
    private static (DateOnly First, DateOnly Last) Window(ForecastRun run, DateOnly lastDay)
    {
        var end = run.Cutoff.AddDays(run.Horizon);
        return (ActualsWindow.FirstDayFor(run.Cutoff), end < lastDay ? end : lastDay);
    }

    private async Task<RunScoring> ScoreRunAsync(ForecastRun run, ActualsWindow window, Dictionary<string, CatalogItem> catalog, long settled, CancellationToken cancellationToken)
    {
        var abc = AbcBySku(run.Cutoff, window, catalog);
        var scorer = new SnapshotScorer(run.Cutoff, window, key => (
            catalog.TryGetValue(key.Sku, out var item) && !string.IsNullOrEmpty(item.Category) ? item.Category : "(none)",
            abc.TryGetValue(key.Sku, out char c) ? c : 'C'));
        await store.VisitForecastsAsync(run.Id, (key, model, day, mean, p10, p50, p90) => scorer.Add(key, model, day, mean, p10, p50, p90), cancellationToken);
        var existing = await store.ReadCellsAsync(run.Id, cancellationToken);
        var upserts = scorer.Cells.Where(c => !existing.TryGetValue(c.Key, out var before) || !Same(before, c.Value)).ToList();
        var deletes = existing.Keys.Where(k => !scorer.Cells.ContainsKey(k)).ToList();
        await store.WriteCellsAsync(run.Id, upserts, deletes, settled, scorer.Rows, cancellationToken);
        ForecastingTelemetry.RowsScored.Add(scorer.Rows);
        _logger.LogInformation("Scored forecast run {RunId} (cut-off {Cutoff}): {Rows} rows, {Written} cells written, {Deleted} deleted", run.Id, run.Cutoff, scorer.Rows, upserts.Count, deletes.Count);
        return new RunScoring(run.Id, run.Cutoff, scorer.Rows, upserts.Count, deletes.Count);
    }

    /// <summary>ABC class of each SKU by revenue (units x price) over the 8 weeks up to the cut-off.</summary>
    private Dictionary<string, char> AbcBySku(DateOnly cutoff, ActualsWindow window, Dictionary<string, CatalogItem> catalog)
    {
        var revenue = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var key in window.Keys)
        {
            double units = 0;
            for (var day = cutoff.AddDays(-ActualsWindow.ScaleDays + 1); day <= cutoff; day = day.AddDays(1))
            {
                units += window.Actual(key, day) ?? 0;
            }

            double price = catalog.TryGetValue(key.Sku, out var item) && item.Price is { } p ? (double)p : 1;
            revenue[key.Sku] = revenue.GetValueOrDefault(key.Sku) + units * price;
        }

        var planner = new PlannerOptions { ClassAShare = options.ClassAShare, ClassBShare = options.ClassBShare };
        return new Dictionary<string, char>(AbcClassifier.Classify(revenue.Select(r => (r.Key, r.Value)), planner), StringComparer.Ordinal);
    }

    /// <summary>Equal up to floating-point summation order (rows may come back in another order).</summary>
    private static bool Same(AccuracySums a, AccuracySums b)
    {
        static bool Near(double x, double y) => Math.Abs(x - y) <= 1e-9 * Math.Max(1, Math.Max(Math.Abs(x), Math.Abs(y)));
        return a.Rows == b.Rows && a.Covered == b.Covered && a.ScaledRows == b.ScaledRows && Near(a.AbsError, b.AbsError) && Near(a.AbsActual, b.AbsActual)
            && Near(a.Error, b.Error) && Near(a.Actual, b.Actual) && Near(a.ScaledAbsError, b.ScaledAbsError) && Near(a.Pinball10, b.Pinball10)
            && Near(a.Pinball50, b.Pinball50) && Near(a.Pinball90, b.Pinball90) && Near(a.NaiveAbsError, b.NaiveAbsError);
    }

    private async Task<IReadOnlyList<AlertChange>> JudgeDriftAsync(DateOnly lastDay, CancellationToken cancellationToken)
    {
        var drift = options.Drift;
        var recentFirst = lastDay.AddDays(-drift.RecentDays + 1);
        var conditions = new List<DriftCondition>();
        foreach (string dimension in drift.JudgedDimensions)
        {
            async Task<Dictionary<string, AccuracySums>> SumsAsync(DateOnly from, DateOnly to) =>
                (await store.QueryAccuracyAsync(new AccuracyQuery([dimension], from, to, Bucket: drift.Bucket), cancellationToken))
                    .ToDictionary(r => r.Segment[dimension], r => r.Sums, StringComparer.Ordinal);
            var recent = await SumsAsync(recentFirst, lastDay);
            var baseline = await SumsAsync(recentFirst.AddDays(-drift.BaselineDays), recentFirst.AddDays(-1));
            conditions.AddRange(DriftDetector.Evaluate(dimension, recent, baseline, drift));
        }

        var open = (await store.ListAlertsAsync(true, cancellationToken)).ToDictionary(a => (a.Kind, a.Dimension, a.Segment));
        var changes = new List<AlertChange>();
        foreach (var condition in conditions)
        {
            if (open.Remove((condition.Kind, condition.Dimension, condition.Segment), out var alert))
            {
                await store.UpdateAlertAsync(alert.Id, condition, lastDay, cancellationToken);
                changes.Add(new AlertChange(AlertChangeKind.Kept, alert with { Value = condition.Value, Baseline = condition.Baseline, Message = condition.Message, LastDay = lastDay }));
            }
            else
            {
                var raised = await store.RaiseAlertAsync(condition, lastDay, cancellationToken);
                ForecastingTelemetry.AlertsRaised.Add(1, new KeyValuePair<string, object?>("kind", condition.Kind), new KeyValuePair<string, object?>("dimension", condition.Dimension));
                _logger.LogWarning("Accuracy alert raised: {Message}", condition.Message);
                changes.Add(new AlertChange(AlertChangeKind.Raised, raised));
            }
        }

        foreach (var alert in open.Values)
        {
            await store.ClearAlertAsync(alert.Id, lastDay, cancellationToken);
            _logger.LogInformation("Accuracy alert cleared: {Kind} {Dimension} {Segment}", alert.Kind, alert.Dimension, alert.Segment);
            changes.Add(new AlertChange(AlertChangeKind.Cleared, alert with { Status = AccuracyAlert.Cleared }));
        }

        return changes;
    }

    /// <summary>Drops the raw forecasts of scored snapshots past retention: older than <see cref="AccuracyOptions.KeepDailyDays"/>
    /// and not the last of their week, or older than <see cref="AccuracyOptions.KeepWeeklyDays"/>. Only snapshots whose
    /// whole horizon has actuals (and has therefore been scored in full) are dropped.</summary>
    private async Task<IReadOnlyList<long>> ApplyRetentionAsync(IReadOnlyList<ForecastRun> runs, DateOnly lastDay, CancellationToken cancellationToken)
    {
        if (runs.Count == 0)
        {
            return [];
        }

        // Every run given here was scored before or has just been (it was due), so all of them have stored accuracy.
        var newest = runs.Max(r => r.Cutoff);
        var lastOfWeek = runs.GroupBy(r => r.Cutoff.DayNumber / 7).Select(g => g.MaxBy(r => (r.Cutoff, r.Id))!.Id).ToHashSet();
        var prune = runs.Where(r => r.Cutoff.AddDays(r.Horizon) <= lastDay)
            .Where(r => newest.DayNumber - r.Cutoff.DayNumber is var age && (age >= options.KeepWeeklyDays || (age >= options.KeepDailyDays && !lastOfWeek.Contains(r.Id))))
            .Select(r => r.Id).ToList();
        if (prune.Count > 0)
        {
            long rows = await store.PruneRunsAsync(prune, cancellationToken);
            _logger.LogInformation("Retention dropped the raw forecasts of {Runs} snapshots ({Rows} rows); their accuracy stays", prune.Count, rows);
        }

        return prune;
    }

    /// <summary>Accuracy over the last 28 days by model and horizon bucket, and the open alerts, for the gauges.</summary>
    private async Task PublishAsync(DateOnly lastDay, CancellationToken cancellationToken)
    {
        var rows = await store.QueryAccuracyAsync(new AccuracyQuery(["model", "bucket"], lastDay.AddDays(-27), lastDay), cancellationToken);
        int open = (await store.ListAlertsAsync(true, cancellationToken)).Count;
        AccuracyGauges.Publish([.. rows.Select(r => (r.Segment["model"], r.Segment["bucket"], r.Sums))], open);
    }
}
