using System.Globalization;
using System.Text;
using Forecasting.Core.Synthetic;
using Forecasting.Pipeline.Evaluation;
using Forecasting.Storage.Abstractions;
using Forecasting.Pipeline.Ingest;
using Forecasting.Web.Reports;

namespace Forecasting.Cli.Demo;

/// <summary>The demo's self-contained HTML report: data summary, step timings, accuracy table, example charts.</summary>
internal static class DemoReport
{
    public static void Write(string path, GeneratorOptions generator, DemandSummary summary, IReadOnlyList<IngestReport> loads, BacktestResult backtest, AccuracyReportData accuracy, IReadOnlyList<AnticipationResult> anticipation, DemoLevelsResult levels, IReadOnlyList<DemoStep> steps)
    {
        var data = new KeyValueSummary("Data",
        [
            new("platform", $"{generator.Skus:N0} SKUs x {generator.Regions} regions, seed {generator.Seed}"),
            new("history", $"{summary.FirstDay:yyyy-MM-dd} .. {summary.LastDay:yyyy-MM-dd}"),
            new("demand rows stored", summary.Rows.ToString("N0", CultureInfo.InvariantCulture)),
            new("series", summary.Series.ToString("N0", CultureInfo.InvariantCulture)),
            new("rows rejected", loads.Sum(l => l.Counts.Rejected).ToString("N0", CultureInfo.InvariantCulture)),
            new("back-test cut-off", $"{backtest.Cutoff:yyyy-MM-dd} ({backtest.Horizon} days held back)"),
            new("best model", backtest.Best.Model),
        ]);
        var timings = new ReportTable("Steps", ["step", "seconds", "result"],
            [.. steps.Select(s => (IReadOnlyList<string>)[s.Name, s.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture), s.Detail])]);
        var sections = new List<ReportSection> { data, BacktestReport.AccuracyTable(backtest), BacktestReport.ModelsUsedTable(backtest), timings };
        sections.AddRange(BacktestReport.ExampleCharts(backtest));
        sections.AddRange(DemoAnticipation.Sections(anticipation[0], $"issued {backtest.Horizon} days before the end"));
        sections.AddRange(DemoAnticipation.Sections(anticipation[1], "of the next days"));
        sections.AddRange(DemoLevels.Sections(levels));
        sections.AddRange(AccuracyReport.Sections(accuracy));
        var document = new ReportDocument(
            "Forecasting demo",
            "Synthetic fashion platform: ingest, back-test on the last 28 days, the snapshot issued 28 days ago scored against them, forecast of the next 28, stock moves",
            sections,
            TimeProvider.System.GetUtcNow());
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        HtmlReportWriter.Write(writer, document);
    }
}
