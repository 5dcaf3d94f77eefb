using System.CommandLine;
using System.Globalization;
using Forecasting.Pipeline.Scoring;
using Forecasting.Storage;
using Forecasting.Storage.Abstractions;
using Forecasting.Web.Reports;
using Spectre.Console;

namespace Forecasting.Cli.Commands;

/// <summary>
/// <c>forecasting score</c> (score the forecast snapshots against the actuals that arrived, judge drift, apply
/// retention: the score job's work, once) and <c>forecasting report accuracy</c> (stored accuracy by segment and
/// over time, the alerts and the planners' edits: printed, and written as HTML with charts and as CSV).
/// </summary>
internal static class AccuracyCommands
{
    public static Command Score(IAnsiConsole console)
    {
        var database = CommonOptions.Database();
        var command = new Command("score", "Score forecast snapshots against the actuals that arrived since, raise or clear accuracy alerts, apply retention.") { database };
        command.SetAction(async (result, cancellationToken) =>
        {
            var store = await StoreFactory.OpenAsync(result.GetValue(database)!, null, cancellationToken);
            var scoring = await RunAsync(console, store, cancellationToken);
            Print(console, scoring);
            return 0;
        });
        return command;
    }

    public static async Task<ScoringResult> RunAsync(IAnsiConsole console, IForecastingStore store, CancellationToken cancellationToken) =>
        await new AccuracyScoringService(store, new AccuracyOptions()).ScoreAsync(new Progress<string>(step => console.MarkupLineInterpolated($"[grey]{step}[/]")), cancellationToken);

    public static void Print(IAnsiConsole console, ScoringResult scoring)
    {
        var runs = new Table().AddColumns("run", "cut-off", "days scored", "cells written", "cells deleted");
        foreach (var run in scoring.Runs)
        {
            runs.AddRow(N(run.RunId), run.Cutoff.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), N(run.Rows), N(run.CellsWritten), N(run.CellsDeleted));
        }

        console.Write(runs);
        foreach (var change in scoring.Alerts.Where(a => a.Change != AlertChangeKind.Kept))
        {
            console.MarkupLineInterpolated($"alert {change.ChangeName}: {change.Alert.Message}");
        }

        console.MarkupLineInterpolated($"{scoring.Runs.Count} snapshots scored ({scoring.Rows:N0} forecast days); {scoring.Alerts.Count(a => a.Alert.Status == "open" && a.Change != AlertChangeKind.Cleared)} alerts open; {scoring.PrunedRuns.Count} snapshots past retention pruned");
    }

    public static Command Report(IAnsiConsole console)
    {
        var report = new Command("report", "Reports from the store.");
        var database = CommonOptions.Database();
        var output = new Option<string>("--out") { Description = "folder for accuracy.html and accuracy.csv", DefaultValueFactory = _ => "." };
        var accuracy = new Command("accuracy", "Stored accuracy by model and horizon, region, category, ABC class and week; alerts; planners' edits. Prints it and writes accuracy.html (charts) and accuracy.csv.") { database, output };
        accuracy.SetAction(async (result, cancellationToken) =>
        {
            var store = await StoreFactory.OpenAsync(result.GetValue(database)!, null, cancellationToken);
            var (html, csv) = await WriteAsync(console, store, result.GetValue(output)!, cancellationToken);
            console.MarkupLineInterpolated($"wrote {html} and {csv}");
            return 0;
        });
        report.Subcommands.Add(accuracy);
        return report;
    }

    /// <summary>Prints the accuracy tables and writes the HTML and CSV files into <paramref name="folder"/>.</summary>
    public static async Task<(string Html, string Csv)> WriteAsync(IAnsiConsole console, IForecastingStore store, string folder, CancellationToken cancellationToken)
    {
        var data = await AccuracyReportData.LoadAsync(store, cancellationToken);
        if (data.Overall.Rows == 0)
        {
            console.MarkupLine("[yellow]No forecast has been scored yet: run `forecasting score` once actuals for a forecast's days have arrived.[/]");
        }

        foreach (var (name, rows) in data.BySegment.Where(p => p.Key != "week"))
        {
            var table = new Table().Title($"accuracy by {name}").AddColumns([.. name.Split(" x "), .. AccuracyReport.MetricColumns]);
            foreach (var row in rows)
            {
                table.AddRow([.. AccuracyReport.Row(row, name.Split(" x ")).Select(Markup.Escape)]);
            }

            console.Write(table);
        }

        Directory.CreateDirectory(folder);
        string html = Path.Combine(folder, "accuracy.html"), csv = Path.Combine(folder, "accuracy.csv");
        await using (var writer = new StreamWriter(html))
        {
            HtmlReportWriter.Write(writer, new ReportDocument("Forecast accuracy", "Forecasts as issued, scored against the actuals that arrived", AccuracyReport.Sections(data), TimeProvider.System.GetUtcNow()));
        }

        await File.WriteAllTextAsync(csv, AccuracyReport.Csv(data), cancellationToken);
        return (html, csv);
    }

    private static string N(double value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
