using System.Globalization;

namespace Forecasting.Cli.Tests;

public class BenchForecastCommandTests
{
    [Fact]
    public async Task Bench_forecast_writes_every_variants_forecasts_at_round_trip_precision_and_two_runs_write_the_same_file()
    {
        using var temp = new TempFolder();
        var generated = await CliRunner.RunAsync("generate", "--skus", "30", "--regions", "4", "--days", "200", "--seed", "61", "--out", temp.File("platform"));
        Assert.True(generated.ExitCode == 0, generated.Output);

        var first = await CliRunner.RunAsync("bench", "forecast", "--platform", temp.File("platform"), "--models", "auto,auto-signals", "--repeat", "1", "--forecasts", temp.File("a.csv"));
        var second = await CliRunner.RunAsync("bench", "forecast", "--platform", temp.File("platform"), "--models", "auto,auto-signals", "--repeat", "1", "--forecasts", temp.File("b.csv"));

        Assert.True(first.ExitCode == 0, first.Output);
        Assert.True(second.ExitCode == 0, second.Output);
        var lines = File.ReadAllLines(temp.File("a.csv"));
        Assert.Equal("variant,sku,region,model,step,mean,quantiles", lines[0]);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(["auto", "auto-signals"], rows.Select(r => r[0]).Distinct());
        var series = rows.GroupBy(r => (r[0], r[1], r[2])).ToList();
        Assert.True(series.Count > 100, $"{series.Count} series");
        Assert.All(series, s => Assert.Equal(Enumerable.Range(0, 28).Select(t => t.ToString(CultureInfo.InvariantCulture)), s.Select(r => r[4])));
        Assert.All(rows, r => Assert.True(r.Length > 6 && r.Skip(5).All(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _)), string.Join(',', r)));
        Assert.Equal(lines, File.ReadAllLines(temp.File("b.csv")));
    }
}
