using System.CommandLine;
using System.Globalization;
using Forecasting.Cli.Demo;
using Forecasting.Core.Synthetic;
using Spectre.Console;

namespace Forecasting.Cli.Commands;

/// <summary><c>forecasting demo</c>: the whole pipeline on a synthetic platform, from nothing to a report.</summary>
internal static class DemoCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var defaults = new GeneratorOptions();
        var skus = new Option<int>("--skus") { Description = "items in the synthetic catalog", DefaultValueFactory = _ => defaults.Skus };
        var regions = new Option<int>("--regions") { Description = "sales regions (4-12)", DefaultValueFactory = _ => defaults.Regions };
        var days = new Option<int>("--days") { Description = "days of history", DefaultValueFactory = _ => defaults.Days };
        var seed = new Option<ulong>("--seed") { Description = "random seed of the synthetic platform", DefaultValueFactory = _ => defaults.Seed };
        var output = new Option<DirectoryInfo?>("--out") { Description = "folder for the generated files, the store and report.html (default: a new temp folder)" };
        var serve = new Option<bool>("--serve") { Description = "then serve the demo's store (API and web app at /app) with a new admin key printed, until Ctrl+C" };
        var urls = new Option<string>("--urls") { Description = "where --serve listens", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var command = new Command("demo", "Generate a platform, ingest it, back-test the models on the last 28 days, forecast the next 28, write an HTML report.")
        {
            skus, regions, days, seed, output, serve, urls,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var options = new GeneratorOptions { Skus = result.GetValue(skus), Regions = result.GetValue(regions), Days = result.GetValue(days), Seed = result.GetValue(seed) };
            options.Validate();
            string folder = result.GetValue(output)?.FullName ?? Directory.CreateTempSubdirectory("forecasting-demo-").FullName;
            var demo = await new DemoRunner(console).RunAsync(options, folder, cancellationToken);
            Print(console, demo);
            if (result.GetValue(serve))
            {
                await DemoServer.RunAsync(console, demo.DatabasePath, result.GetValue(urls)!, cancellationToken);
            }

            return 0;
        });
        return command;
    }

    private static void Print(IAnsiConsole console, DemoResult demo)
    {
        var steps = new Table().Title("steps").AddColumns("step", "seconds", "result");
        foreach (var step in demo.Steps)
        {
            steps.AddRow(Markup.Escape(step.Name), step.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture), Markup.Escape(step.Detail));
        }

        steps.AddRow("[bold]total[/]", demo.Steps.Sum(s => s.Elapsed.TotalSeconds).ToString("F1", CultureInfo.InvariantCulture), "");
        console.Write(steps);
        console.MarkupLineInterpolated($"store: {demo.Demand.Rows:N0} demand rows, {demo.Demand.Series:N0} SKU x region series, {demo.Demand.FirstDay:yyyy-MM-dd} .. {demo.Demand.LastDay:yyyy-MM-dd}");

        var accuracy = new Table().Title($"accuracy on the last {demo.Backtest.Horizon} days held back ({demo.Backtest.Series:N0} series)")
            .AddColumns("model", "WAPE", "MASE", "bias", "coverage p10-p90", "pinball");
        foreach (var m in demo.Backtest.Models)
        {
            string name = m.Model == demo.Backtest.Best.Model ? $"[bold green]{Markup.Escape(m.Model)}[/]" : Markup.Escape(m.Model);
            accuracy.AddRow(name, F(m.Wape), F(m.Mase), F(m.Bias), F(m.Coverage), F(m.Pinball));
        }

        console.Write(accuracy);
        if (demo.Backtest.Models.FirstOrDefault(m => m.ModelsUsed.Count > 1) is { } auto)
        {
            console.MarkupLineInterpolated($"{auto.Model} chose: {string.Join(", ", auto.ModelsUsed.OrderByDescending(p => p.Value).Select(p => $"{p.Key} {p.Value:N0}"))}");
        }
        console.MarkupLineInterpolated($"production forecast run {demo.ProductionRunId} with {demo.ProductionModel} stored in {demo.DatabasePath}");
        PlanCommands.Print(console, demo.Plan, 10);
        foreach (var (result, when) in new[] { (demo.IssuedAnticipation, $"issued {demo.Backtest.Horizon} days ago"), (demo.Anticipation, "of the next days") })
        {
            var anticipation = new Table().Title($"trend items whose interest turned before the forecast {when} (cut-off {result.Run.Cutoff:yyyy-MM-dd}): 28-day forecast with and without signals")
                .AddColumns("SKU", "interest turned", "units follow from", "views growth", "with signals", "sales only", "then sold", "seen coming", "stock moves");
            foreach (var i in result.Items)
            {
                anticipation.AddRow(i.Sku, $"{i.InterestTurned:yyyy-MM-dd}", $"{i.UnitsFollow:yyyy-MM-dd}", F(i.InterestGrowth), F(i.WithSignals), F(i.SalesOnly), F(i.SoldAfter), i.Seen ? "yes" : "no", $"{i.Proposals} ({i.ProposedUnits} units)");
            }

            console.Write(anticipation);
        }
        var scored = new Table().Title("the snapshot issued 28 days ago, scored against the held-back actuals (stored accuracy)")
            .AddColumns("horizon (days)", "days scored", "WAPE", "MASE", "bias", "coverage p10-p90", "naive WAPE", "value added");
        foreach (var row in demo.Accuracy.BySegment["bucket"])
        {
            var s = row.Sums;
            scored.AddRow(row.Segment["bucket"], s.Rows.ToString("N0", CultureInfo.InvariantCulture), F(s.Wape), F(s.Mase), F(s.Bias), F(s.Coverage), F(s.NaiveWape), F(s.ValueAdded));
        }

        console.Write(scored);
        console.MarkupLineInterpolated($"accuracy alerts open: {demo.Accuracy.Alerts.Count(a => a.Status == "open")}; accuracy by segment: {Path.Combine(demo.Folder, "accuracy.csv")}");
        console.MarkupLineInterpolated($"report: [link]{demo.ReportPath}[/]");
    }

    private static string F(double value) => double.IsNaN(value) ? "n/a" : value.ToString("F3", CultureInfo.InvariantCulture);
}
