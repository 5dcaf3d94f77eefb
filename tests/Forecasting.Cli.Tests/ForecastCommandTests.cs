using System.Globalization;
using System.Text;
using Forecasting.Cli.Commands;

namespace Forecasting.Cli.Tests;

public class ForecastCommandTests
{
    [Fact]
    public async Task Forecasts_every_series_of_a_monthly_csv_and_never_drops_one()
    {
        using var temp = new TempFolder();
        var csv = new StringBuilder("id,month,sales\n");
        for (int m = 0; m < 36; m++)
        {
            string month = new DateOnly(2020, 1, 1).AddMonths(m).ToString("yyyy-MM", CultureInfo.InvariantCulture);
            csv.Append(CultureInfo.InvariantCulture, $"seasonal,{month},{10 + (m % 12)}\n");
            csv.Append(CultureInfo.InvariantCulture, $"empty,{month},\n");
        }

        csv.Append("short,2022-11,3\nshort,2022-12,4\n");
        await File.WriteAllTextAsync(temp.File("in.csv"), csv.ToString());

        var (exit, output) = await CliRunner.RunAsync("forecast", "--input", temp.File("in.csv"), "--id-column", "id", "--time-column", "month", "--value-column", "sales",
            "--horizon", "6", "--season-length", "12", "--levels", "80", "--out", temp.File("out.csv"));

        Assert.True(exit == 0, output);
        Assert.Contains("warning:", output, StringComparison.Ordinal);
        var lines = await File.ReadAllLinesAsync(temp.File("out.csv"));
        Assert.Equal("series_id,timestamp,step,mean,p10,p50,p90,model", lines[0]);
        Assert.Equal(1 + (3 * 6), lines.Length); // every series, including the empty one
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(["seasonal", "empty", "short"], rows.Select(r => r[0]).Distinct());
        Assert.Equal("2023-01", rows.First(r => r[0] == "seasonal")[1]); // continues after the last month
        Assert.Equal("2023-01", rows.First(r => r[0] == "short")[1]);
        foreach (var r in rows)
        {
            double p10 = double.Parse(r[4], CultureInfo.InvariantCulture), p50 = double.Parse(r[5], CultureInfo.InvariantCulture), p90 = double.Parse(r[6], CultureInfo.InvariantCulture);
            Assert.True(p10 <= p50 && p50 <= p90 && p10 >= 0, string.Join(",", r));
        }

        // The seasonal series repeats 10..21 each year: January is forecast at 10, June at 15 by whatever model won.
        var seasonal = rows.Where(r => r[0] == "seasonal").Select(r => double.Parse(r[3], CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(10, seasonal[0], 1);
        Assert.Equal(15, seasonal[5], 1);
    }

    [Theory]
    [InlineData("80", new[] { 0.1, 0.5, 0.9 })]
    [InlineData("95,80", new[] { 0.025, 0.1, 0.5, 0.9, 0.975 })]
    public void Levels_become_quantiles(string levels, double[] expected) =>
        Assert.Equal(expected, ForecastCommand.QuantileLevels(levels));

    [Fact]
    public void A_level_outside_0_100_is_refused() =>
        Assert.Throws<ArgumentException>(() => ForecastCommand.QuantileLevels("100"));

    [Fact]
    public async Task Selection_options_and_the_explanation_file_say_which_model_won_and_why()
    {
        using var temp = new TempFolder();
        var csv = new StringBuilder("series_id,t,value\n");
        for (int t = 0; t < 60; t++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"trend,{t},{10 + t}\n"); // naive beats a flat SES on a straight line
            csv.Append(CultureInfo.InvariantCulture, $"noise,{t},{10 + ((t * 7919) % 5)}\n");
        }

        await File.WriteAllTextAsync(temp.File("in.csv"), csv.ToString());

        var (exit, output) = await CliRunner.RunAsync("forecast", "--input", temp.File("in.csv"), "--horizon", "4", "--models", "ses,naive",
            "--cv-windows", "2", "--cv-step", "2", "--out", temp.File("out.csv"), "--explain", temp.File("why.csv"));

        Assert.True(exit == 0, output);
        var lines = await File.ReadAllLinesAsync(temp.File("why.csv"));
        Assert.Equal("series_id,demand_class,model,cv_mae,runner_up,runner_up_cv_mae", lines[0]);
        var trend = lines.Single(l => l.StartsWith("trend,", StringComparison.Ordinal)).Split(',');
        Assert.Equal(("Naive", "SES"), (trend[2], trend[4]));
        // Naive's error on a +1 a day line over 4 steps is (1 + 2 + 3 + 4) / 4 = 2.5 at every origin.
        Assert.Equal(2.5, double.Parse(trend[3], CultureInfo.InvariantCulture), 9);
        Assert.True(double.Parse(trend[5], CultureInfo.InvariantCulture) > 2.5);
    }

    [Fact]
    public void An_unknown_combination_is_refused_with_the_valid_ones() =>
        Assert.Contains("none, median or weighted", Assert.Throws<ArgumentException>(() => ForecastCommand.ParseCombination("mean")).Message);
}
