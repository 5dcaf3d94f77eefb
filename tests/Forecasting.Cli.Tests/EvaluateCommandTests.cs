using System.Globalization;
using Forecasting.Cli.Commands;
using Forecasting.Core.Metrics;

namespace Forecasting.Cli.Tests;

public class EvaluateCommandTests
{
    [Fact]
    public async Task M4_weekly_naive_row_matches_an_independent_computation()
    {
        string root = EvaluateCommand.DefaultDataRoot();
        string train = Path.Combine(root, "m4-weekly", "train.csv");
        Assert.True(File.Exists(train), $"the shared data is expected at {train}");
        using var temp = new TempFolder();

        var (exit, output) = await CliRunner.RunAsync("evaluate", "--dataset", "m4-weekly", "--models", "naive,naive2", "--out", temp.File("scores.csv"));

        Assert.True(exit == 0, output);
        Assert.Contains("M4 published (test set)", output, StringComparison.Ordinal);

        // Independently: read the raw file, hold back the last 13 values, forecast the last observed value.
        var series = File.ReadLines(train).Skip(1).Select(l => l.Split(',')).GroupBy(f => f[0])
            .Select(g => g.OrderBy(f => int.Parse(f[1], CultureInfo.InvariantCulture)).Select(f => double.Parse(f[2], CultureInfo.InvariantCulture)).ToArray()).ToList();
        double smape = 0, mase = 0;
        int points = 0;
        foreach (var y in series)
        {
            var history = y[..^13];
            var actual = y[^13..];
            double[] forecast = [.. Enumerable.Repeat(history[^1], 13)];
            smape += AccuracyMetrics.Smape(actual, forecast) * 13;
            points += 13;
            mase += AccuracyMetrics.Mase(actual, forecast, history, 1);
        }

        var rows = File.ReadAllLines(temp.File("scores.csv"));
        var naive = rows.Single(r => r.StartsWith("Naive,", StringComparison.Ordinal)).Split(',');
        Assert.Equal(series.Count.ToString(CultureInfo.InvariantCulture), naive[1]);
        Assert.Equal(smape / points, double.Parse(naive[3], CultureInfo.InvariantCulture), 9);
        Assert.Equal(mase / series.Count, double.Parse(naive[4], CultureInfo.InvariantCulture), 9);
        var naive2 = rows.Single(r => r.StartsWith("Naive2,", StringComparison.Ordinal)).Split(',');
        Assert.Equal(1, double.Parse(naive2[10], CultureInfo.InvariantCulture), 12); // OWA of the reference itself
    }

    [Fact]
    public async Task An_unknown_model_is_refused_with_the_known_names()
    {
        var (exit, output) = await CliRunner.RunAsync("evaluate", "--dataset", "m4-weekly", "--models", "prophet");

        Assert.Equal(CliApp.ExitError, exit);
        Assert.Contains("Unknown model 'prophet'", output, StringComparison.Ordinal);
    }
}
