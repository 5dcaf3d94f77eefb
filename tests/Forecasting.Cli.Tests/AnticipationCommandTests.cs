using System.Globalization;
using System.Text;

namespace Forecasting.Cli.Tests;

/// <summary>A small generated platform shared by the anticipation command tests (generating it is the slow part).</summary>
public sealed class SmallPlatform : IAsyncLifetime
{
    private readonly TempFolder _folder = new();

    public string Path => _folder.File("platform");

    public async Task InitializeAsync()
    {
        var (exit, output) = await CliRunner.RunAsync("generate", "--skus", "600", "--regions", "4", "--days", "420", "--seed", "5", "--out", Path);
        Assert.True(exit == 0, output);
    }

    public Task DisposeAsync()
    {
        _folder.Dispose();
        return Task.CompletedTask;
    }
}

public class AnticipationCommandTests(SmallPlatform platform) : IClassFixture<SmallPlatform>
{
    [Fact]
    public async Task Evaluate_platform_writes_every_segment_for_both_models_and_interest_beats_sales_alone_overall()
    {
        using var temp = new TempFolder();

        var (exit, output) = await CliRunner.RunAsync("evaluate", "--platform", platform.Path, "--holdout-days", "28", "--models", "sales-only,auto", "--by", "segment", "--out", temp.File("metrics.csv"));

        Assert.True(exit == 0, output);
        var lines = await File.ReadAllLinesAsync(temp.File("metrics.csv"));
        Assert.Equal("model,segment,series,wape,bias,coverage", lines[0]);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        string[] segments = ["all", "trend", "launch", "steady", "A", "B", "C"];
        Assert.Equal([.. segments.Select(s => "sales-only," + s), .. segments.Select(s => "auto," + s)], rows.Select(r => r[0] + "," + r[1]));
        int Series(string model, string segment) => int.Parse(rows.Single(r => r[0] == model && r[1] == segment)[2], CultureInfo.InvariantCulture);
        double Wape(string model, string segment) => double.Parse(rows.Single(r => r[0] == model && r[1] == segment)[3], CultureInfo.InvariantCulture);
        Assert.InRange(Series("auto", "all"), 1, 600 * 4); // series launched by the cut-off
        Assert.Equal(Series("auto", "all"), Series("auto", "A") + Series("auto", "B") + Series("auto", "C"));
        Assert.True(Series("auto", "trend") > 0 && Series("auto", "launch") > 0, output);
        Assert.True(Series("auto", "all") <= Series("auto", "trend") + Series("auto", "launch") + Series("auto", "steady"));
        Assert.True(Wape("auto", "all") < Wape("sales-only", "all"), output);
        Assert.True(Wape("auto", "trend") < Wape("sales-only", "trend"), output);
    }

    [Fact]
    public async Task Evaluate_platform_names_a_folder_without_ground_truth()
    {
        using var temp = new TempFolder();

        var (exit, output) = await CliRunner.RunAsync("evaluate", "--platform", temp.Path, "--out", temp.File("metrics.csv"));

        Assert.NotEqual(0, exit);
        Assert.Contains("truth.json", output, StringComparison.Ordinal);
        Assert.False(File.Exists(temp.File("metrics.csv")));
    }

    [Fact]
    public async Task Forecast_reads_signal_columns_and_names_the_leading_indicator_in_the_model()
    {
        using var temp = new TempFolder();
        // demand.csv has a row only for days with activity: the long format wants every day of a series.
        var all = File.ReadLines(System.IO.Path.Combine(platform.Path, "demand.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        var last = all.Max(f => DateOnly.ParseExact(f[2], "yyyy-MM-dd", CultureInfo.InvariantCulture));
        var rows = all.GroupBy(f => f[0] + "@" + f[1]).Take(400).ToList();
        var csv = new StringBuilder("series_id,date,units,views,searches,cart_adds,wishlist_adds\n");
        foreach (var series in rows)
        {
            var byDay = series.ToDictionary(f => f[2]);
            var first = DateOnly.ParseExact(series.First()[2], "yyyy-MM-dd", CultureInfo.InvariantCulture);
            for (var day = first; day <= last; day = day.AddDays(1))
            {
                string d = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                csv.Append(byDay.TryGetValue(d, out var f) ? $"{series.Key},{d},{f[3]},{f[5]},{f[6]},{f[7]},{f[8]}\n" : $"{series.Key},{d},0,0,0,0,0\n");
            }
        }

        await File.WriteAllTextAsync(temp.File("in.csv"), csv.ToString());

        var (exit, output) = await CliRunner.RunAsync("forecast", "--input", temp.File("in.csv"), "--time-column", "date", "--value-column", "units",
            "--signal-columns", "views,searches,cart_adds,wishlist_adds", "--horizon", "28", "--season-length", "7", "--out", temp.File("out.csv"));

        Assert.True(exit == 0, output);
        var models = File.ReadLines(temp.File("out.csv")).Skip(1).Select(l => l.Split(',')[^1]).ToList();
        Assert.Equal(400 * 28, models.Count);
        Assert.Contains(models, m => m.StartsWith("LeadingIndicator(", StringComparison.Ordinal));

        var (badExit, badOutput) = await CliRunner.RunAsync("forecast", "--input", temp.File("in.csv"), "--time-column", "date", "--value-column", "units",
            "--signal-columns", "views,likes", "--horizon", "28", "--out", temp.File("bad.csv"));
        Assert.NotEqual(0, badExit);
        Assert.Contains("likes", badOutput, StringComparison.Ordinal);
    }
}
