using Forecasting.Core.Domain;
using Forecasting.Storage.Sqlite;

namespace Forecasting.Cli.Tests;

public class DemoCommandTests
{
    [Fact]
    public async Task Demo_runs_end_to_end_and_writes_store_forecasts_and_a_self_contained_report()
    {
        using var temp = new TempFolder();

        var (exit, output) = await CliRunner.RunAsync("demo", "--out", temp.Path, "--skus", "40", "--regions", "4", "--days", "150", "--seed", "3");

        Assert.True(exit == 0, output);
        foreach (var step in new[] { "generate", "ingest demand.csv", "back-test", "forecast next 28 days", "write report" })
        {
            Assert.Contains(step, output, StringComparison.Ordinal);
        }

        Assert.Matches(@"SeasonalNaive\s+│\s+\d\.\d{3}\s+│\s+\d\.\d{3}", output); // WAPE and MASE printed per model
        Assert.Matches(@"SSA\s+│\s+\d\.\d{3}\s+│\s+\d\.\d{3}", output);
        Assert.Matches(@"Naive\s+│\s+\d\.\d{3}", output);
        Assert.Contains("store: ", output, StringComparison.Ordinal);
        Assert.Contains(" SKU x region series", output, StringComparison.Ordinal);

        // The store holds every generated demand row, three completed back-test runs and one production run.
        var store = SqliteStore.Open(Path.Combine(temp.Path, "forecasting.db"));
        var summary = await store.GetDemandSummaryAsync();
        long demandLines = File.ReadLines(Path.Combine(temp.Path, "input", "demand.csv")).LongCount() - 1;
        Assert.Equal(demandLines, summary.Rows);
        Assert.Equal(160, summary.Series);
        var runs = await store.ListRunsAsync();
        Assert.Equal(4, runs.Count(r => r.Kind == ForecastRunKind.Backtest && r.Status == ForecastRunStatus.Completed)); // Auto, SSA, seasonal naive, naive
        Assert.Contains("Auto chose: ", output, StringComparison.Ordinal);
        var production = Assert.Single(runs, r => r.Kind == ForecastRunKind.Production && r.Cutoff == summary.LastDay);
        Assert.Equal(ForecastRunStatus.Completed, production.Status);
        Assert.Equal(160 * 28, (await store.ReadForecastsAsync(production.Id)).Count);

        // The snapshot issued 28 days before the end is stored and scored against the 28 held-back days.
        var snapshot = Assert.Single(runs, r => r.Kind == ForecastRunKind.Production && r.Cutoff == summary.LastDay!.Value.AddDays(-28));
        var scored = Assert.Single(await store.ListScoredRunsAsync());
        Assert.InRange(snapshot.SeriesCount, 150, 160); // series launched in the last 28 days were not in it
        Assert.Equal((snapshot.Id, snapshot.SeriesCount * 28L), (scored.RunId, scored.Rows));
        Assert.Matches(@"1-7\s+│\s+[\d,]+\s+│\s+\d\.\d{3}", output); // horizon, days scored, WAPE
        Assert.StartsWith($"overall,all,{snapshot.SeriesCount * 28},", File.ReadLines(Path.Combine(temp.Path, "accuracy.csv")).Skip(1).First(), StringComparison.Ordinal);

        // The report stands alone: charts as inline SVG drawn on the server, no script, the accuracy table and charts.
        string html = await File.ReadAllTextAsync(Path.Combine(temp.Path, "report.html"));
        Assert.DoesNotContain("<script src=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("WAPE", html, StringComparison.Ordinal);
        Assert.Contains("SeasonalNaive", html, StringComparison.Ordinal);
        Assert.True(html.Split("<svg").Length - 1 >= 3, "at least three example charts");
        Assert.Contains("Forecasts as issued, scored against actuals", html, StringComparison.Ordinal);

        // Anticipation: the trend items whose interest turned before the snapshot, with and without signals.
        Assert.Contains("trend items whose interest turned before the forecast issued 28 days ago", output, StringComparison.Ordinal);
        Assert.Matches(@"SKU-\d{5}\s+│\s+\d{4}-\d\d-\d\d\s+│.*│\s+yes\s+│", output); // a trend item seen coming
        Assert.Contains("Anticipation, forecast issued 28 days before the end", html, StringComparison.Ordinal);
        Assert.Contains("forecast from sales only", html, StringComparison.Ordinal); // the chart of one item, with and without signals

        // The designer's view: emerging items and colours, one emerging item's interest against its units, a category
        // forecast beside the sum of its SKUs.
        Assert.Contains("Top 10 emerging items", html, StringComparison.Ordinal);
        Assert.Contains("Top 10 emerging colours", html, StringComparison.Ordinal);
        Assert.Matches(@"Emerging item(?: SKU-\d{5}: interest \(views\) against units|: interest against units)", html); // a 40-SKU platform may have none (DemoLevelsTests draws one)
        Assert.Matches(@"Category [^:<]+: its forecast beside the sum of its SKU forecasts", html);
        Assert.Contains("stored category forecast", html, StringComparison.Ordinal);
        Assert.Contains("emerging items and the category forecast", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_refuses_a_folder_that_already_holds_a_store()
    {
        using var temp = new TempFolder();
        await File.WriteAllTextAsync(temp.File("forecasting.db"), "");

        var (exit, output) = await CliRunner.RunAsync("demo", "--out", temp.Path, "--skus", "10", "--regions", "4", "--days", "60");

        Assert.Equal(CliApp.ExitError, exit);
        Assert.Contains("already exists", output, StringComparison.Ordinal);
    }
}
