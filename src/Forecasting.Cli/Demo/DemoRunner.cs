using System.Diagnostics;
using Forecasting.Cli.Commands;
using Forecasting.Core.Forecasting;
using Forecasting.Core.Forecasting.Selection;
using Forecasting.Core.Ssa;
using Forecasting.Core.Synthetic;
using Forecasting.Core.Planning;
using Forecasting.Pipeline.Scoring;
using Forecasting.Pipeline.Evaluation;
using Forecasting.Pipeline.Planning;
using Forecasting.Pipeline.Training;
using Forecasting.Storage.Abstractions;
using Forecasting.Storage.Files;
using Forecasting.Pipeline.Ingest;
using Forecasting.Storage.Sqlite;
using Forecasting.Web.Reports;
using Spectre.Console;

namespace Forecasting.Cli.Demo;

/// <summary>One timed step of the demo.</summary>
public sealed record DemoStep(string Name, TimeSpan Elapsed, string Detail);

/// <summary>What the demo did, where it left its files, and the numbers it printed.</summary>
public sealed record DemoResult(string Folder, string DatabasePath, string ReportPath, IReadOnlyList<DemoStep> Steps, IReadOnlyList<IngestReport> Loads, DemandSummary Demand, BacktestResult Backtest, long ProductionRunId, string ProductionModel, PlanResult Plan,
    ScoringResult Scoring, AccuracyReportData Accuracy, AnticipationResult IssuedAnticipation, AnticipationResult Anticipation);

/// <summary>
/// The showcase: synthetic platform -> embedded store -> back-test of every available model on the last
/// 28 days -> the best one's forecast as it would have been issued 28 days ago (a stored snapshot) -> production
/// forecast of the next 28 days -> stock moves -> scoring of the snapshot against the 28 held-back days ->
/// summary and HTML report (with the accuracy report) and accuracy.csv.
/// </summary>
internal sealed class DemoRunner(IAnsiConsole console)
{
    private readonly List<DemoStep> _steps = [];

    /// <summary>The forecasters the demo compares: the automatic pipeline, SSA alone and the two baselines.</summary>
    public static IReadOnlyList<IForecaster> Models() => [new AutoForecaster(), new SsaForecaster(), new SeasonalNaiveForecaster(), new NaiveForecaster()];

    public async Task<DemoResult> RunAsync(GeneratorOptions generator, string folder, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        string input = Path.Combine(folder, "input");
        string databasePath = Path.Combine(folder, "forecasting.db");
        if (File.Exists(databasePath))
        {
            throw new InvalidOperationException($"{databasePath} already exists: give the demo a new folder (--out) so its numbers are its own.");
        }

        var generated = Timed("generate", () => GenerateCommand.Run(console, generator, input, cancellationToken),
            r => $"{r.CatalogRows:N0} SKUs, {generator.Regions} regions, {generator.Days:N0} days: {r.DemandRows:N0} demand rows");

        var store = SqliteStore.Open(databasePath);
        var ingest = new IngestService(store);
        var loads = new List<IngestReport>();
        foreach (var (kind, file) in new[] { (IngestKind.Network, PlatformFiles.Network), (IngestKind.Catalog, PlatformFiles.Catalog), (IngestKind.Demand, PlatformFiles.Demand), (IngestKind.Inventory, PlatformFiles.Inventory) })
        {
            var report = await TimedAsync($"ingest {file}", () => IngestRunner.RunAsync(console, ingest, kind, Path.Combine(input, file), new IngestOptions(), cancellationToken),
                r => $"{r.Counts.RowsRead:N0} read = {r.Counts.Accepted:N0} accepted + {r.Counts.Rejected:N0} rejected + {r.Counts.Duplicates:N0} duplicates");
            loads.Add(report);
        }

        var summary = await store.GetDemandSummaryAsync(cancellationToken);
        var models = Models();
        var backtestOptions = new BacktestOptions();
        var backtest = await TimedAsync($"back-test {string.Join(", ", models.Select(m => m.Name))}",
            () => WithProgressAsync($"back-test on the last {backtestOptions.Horizon} days", summary.Series, progress => new Backtester(store, store).RunAsync(models, backtestOptions, progress, cancellationToken)),
            r => $"{r.Series:N0} series scored, {r.SkippedSeries:N0} launched inside the hold-out skipped; best: {r.Best.Model}");

        var best = models.First(m => m.Name == backtest.Best.Model);
        var training = new TrainingOptions { Horizon = backtestOptions.Horizon, SeasonLength = backtestOptions.SeasonLength };
        var heldBack = summary.LastDay!.Value.AddDays(-training.Horizon);
        var issued = await TimedAsync($"forecast as issued on {heldBack:yyyy-MM-dd}",
            () => WithProgressAsync($"snapshot as of {heldBack:yyyy-MM-dd} with {best.Name}", summary.Series, progress => new ForecastTrainer(store, store).RunAsync(best, training with { Cutoff = heldBack }, progress, cancellationToken)),
            r => $"run {r.Id}: the forecast the service would have issued {training.Horizon} days ago");
        var issuedPlan = await TimedAsync($"plan stock moves as of {heldBack:yyyy-MM-dd}", () => new PlanningService(store).PlanAsync(new PlannerOptions(), cancellationToken),
            r => FormattableString.Invariant($"plan run {r.Run.Id}: {r.Proposals.Count:N0} proposals from the forecast issued {training.Horizon} days ago (today's stock positions)"));
        var run = await TimedAsync($"forecast next {training.Horizon} days",
            () => WithProgressAsync($"forecast with {best.Name}", summary.Series, progress => new ForecastTrainer(store, store).RunAsync(best, training, progress, cancellationToken)),
            r => $"run {r.Id}: {r.SeriesCount:N0} series x {training.Horizon} days with {best.Name}");

        var plan = await TimedAsync("plan stock moves", () => new PlanningService(store).PlanAsync(new PlannerOptions(), cancellationToken),
            r => FormattableString.Invariant($"plan run {r.Run.Id}: {r.Proposals.Count:N0} proposals, expected benefit {r.TotalBenefit:N0}"));

        var issuedAnticipation = await TimedAsync($"anticipation as of {heldBack:yyyy-MM-dd}", () => DemoAnticipation.MeasureAsync(store, generator, issued, issuedPlan, summary.LastDay.Value, cancellationToken), Describe);
        var anticipation = await TimedAsync("anticipation now", () => DemoAnticipation.MeasureAsync(store, generator, run, plan, summary.LastDay.Value, cancellationToken), Describe);
        var levels = await TimedAsync("emerging items and the category forecast", () => DemoLevels.MeasureAsync(store, run, cancellationToken),
            r => $"top emerging item {r.Items.FirstOrDefault()?.Key ?? "none"}, colour {r.Colours.FirstOrDefault()?.Key ?? "none"}; category {r.Category ?? "none"} beside the sum of its SKUs");
        var scoring = await TimedAsync($"score the {training.Horizon} held-back days", () => new AccuracyScoringService(store, new AccuracyOptions()).ScoreAsync(null, cancellationToken),
            r => FormattableString.Invariant($"run {issued.Id}: {r.Rows:N0} forecast days scored, {r.Alerts.Count(a => a.Change == AlertChangeKind.Raised)} alerts raised"));
        var accuracy = await AccuracyReportData.LoadAsync(store, cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(folder, "accuracy.csv"), AccuracyReport.Csv(accuracy), cancellationToken);

        string reportPath = Path.Combine(folder, "report.html");
        Timed("write report", () => DemoReport.Write(reportPath, generator, summary, loads, backtest, accuracy, [issuedAnticipation, anticipation], levels, _steps), _ => reportPath);
        return new DemoResult(folder, databasePath, reportPath, _steps, loads, summary, backtest, run.Id, best.Name, plan, scoring, accuracy, issuedAnticipation, anticipation);

        static string Describe(AnticipationResult r) =>
            $"{r.Seen.Count()} of {r.Items.Count} trend items whose interest turned seen coming, {r.Seen.Sum(i => i.Proposals)} stock moves proposed for them";
    }

    private T Timed<T>(string name, Func<T> step, Func<T, string> describe)
    {
        var clock = Stopwatch.StartNew();
        var result = step();
        _steps.Add(new DemoStep(name, clock.Elapsed, describe(result)));
        return result;
    }

    private void Timed(string name, Action step, Func<object?, string> describe) => Timed<object?>(name, () => { step(); return null; }, describe);

    private async Task<T> TimedAsync<T>(string name, Func<Task<T>> step, Func<T, string> describe)
    {
        var clock = Stopwatch.StartNew();
        var result = await step();
        _steps.Add(new DemoStep(name, clock.Elapsed, describe(result)));
        return result;
    }

    private async Task<T> WithProgressAsync<T>(string description, int total, Func<IProgress<int>, Task<T>> work)
    {
        T result = default!;
        await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(description, maxValue: Math.Max(1, total));
                result = await work(new InlineProgress<int>(done => task.Value = done));
                task.Value = task.MaxValue;
            });
        return result;
    }
}
