using Forecasting.Core.Domain;
using Forecasting.Core.Forecasting;
using Forecasting.Core.Forecasting.Models;
using Forecasting.Core.Forecasting.Selection;
using Forecasting.Core.Synthetic;

namespace Forecasting.Core.Tests.Models;

public class AutoForecasterTests
{
    private static DemandSeries Series(string sku, double[] values) => new(new SeriesKey(sku, "north"), Granularity.Day, new DateOnly(2025, 1, 6), values);

    [Theory]
    [InlineData(new double[] { 0, 0, 3, 0, 5, 0 }, DemandClass.Intermittent)] // ADI 6/2 = 3, sizes 3, 5: CV2 = 1/16
    [InlineData(new double[] { 0, 1, 0, 9, 0, 0 }, DemandClass.Lumpy)] // ADI 3, sizes 1, 9: mean 5, var 16, CV2 0.64
    [InlineData(new double[] { 5, 6, 5, 6 }, DemandClass.Smooth)] // ADI 1, CV2 0.25 / 30.25
    [InlineData(new double[] { 1, 9, 1, 9 }, DemandClass.Erratic)] // ADI 1, CV2 0.64
    [InlineData(new double[] { 0, 0, 0 }, DemandClass.Intermittent)]
    public void Syntetos_Boylan_classes(double[] values, DemandClass expected) =>
        Assert.Equal(expected, DemandClassifier.Classify(values).Class);

    [Fact]
    public void Picks_by_cross_validation_and_explains_the_choice()
    {
        // A pure weekly pattern: seasonal naive has zero error at every origin, naive does not.
        double[] weekly = [.. Enumerable.Range(0, 120).Select(t => 10.0 + (t % 7))];
        var auto = new AutoForecaster(new AutoOptions { Regular = [new NaiveForecaster(), new SeasonalNaiveForecaster()] });

        var forecast = auto.Forecast([Series("A", weekly)], new ForecastRequest { Horizon = 14 }).Single();

        Assert.Equal("SeasonalNaive", forecast.Model);
        Assert.NotNull(forecast.Choice);
        Assert.Equal("Smooth", forecast.Choice.DemandClass);
        Assert.Equal(0, forecast.Choice.Score, 12);
        Assert.Equal("Naive", forecast.Choice.RunnerUp);
        Assert.True(forecast.Choice.RunnerUpScore > 0);
        Assert.Equal(weekly[106..120], forecast.Mean.ToArray());
    }

    [Fact]
    public void Intermittent_series_are_routed_to_the_intermittent_candidates()
    {
        var random = new RandomSource(4);
        double[] sparse = [.. Enumerable.Range(0, 200).Select(_ => random.Chance(0.2) ? random.Between(1, 4) : 0.0)];

        var options = new AutoOptions { Regular = [new NaiveForecaster(), new SeasonalNaiveForecaster()], Intermittent = [new IntermittentForecaster(IntermittentMethod.Croston), new IntermittentForecaster(IntermittentMethod.Tsb)] };

        var forecast = new AutoForecaster(options).Forecast([Series("A", sparse)], new ForecastRequest { Horizon = 7 }).Single();

        Assert.Contains(forecast.Choice!.DemandClass, new[] { "Intermittent", "Lumpy" });
        Assert.Contains(forecast.Model, new[] { "Croston", "TSB" });
        Assert.Contains(forecast.Choice.RunnerUp, new[] { "Croston", "TSB" });
    }

    [Fact]
    public void Results_do_not_depend_on_the_number_of_threads()
    {
        var batch = BenchmarkSeries.Daily(150, 200);
        var request = new ForecastRequest { Horizon = 14, SeasonLength = 7 };

        var one = new AutoForecaster(maxDegreeOfParallelism: 1).Forecast(batch, request);
        var many = new AutoForecaster(maxDegreeOfParallelism: 4).Forecast(batch, request);

        Assert.Equal(150, one.Count);
        Assert.True(one.Select(f => f.Model).Distinct().Count() >= 3, "the batch should exercise several candidates");
        for (int i = 0; i < batch.Count; i++)
        {
            Assert.Equal(one[i].Model, many[i].Model);
            Assert.Equal(one[i].Choice, many[i].Choice);
            Assert.Equal(one[i].Mean.ToArray(), many[i].Mean.ToArray());
            Assert.Equal(one[i].Quantile(0).ToArray(), many[i].Quantile(0).ToArray());
        }
    }

    [Fact]
    public void A_candidate_without_origin_forecasts_is_refitted_per_origin_and_scored_the_same_way()
    {
        // Naive2 is refitted per origin; on a non-seasonal series (m = 1) it is plain naive, so both score alike.
        double[] y = [.. Enumerable.Range(0, 90).Select(t => 20.0 + (3 * Math.Sin(t / 5.0)) + (t % 4))];
        var auto = new AutoForecaster(new AutoOptions { Regular = [new Naive2Forecaster(), new NaiveForecaster()] });

        var forecast = auto.Forecast([Series("A", y)], new ForecastRequest { Horizon = 7 }).Single();

        Assert.Equal("Naive2", forecast.Model); // ties go to the earlier candidate
        Assert.Equal(forecast.Choice!.Score, forecast.Choice.RunnerUpScore, 12);
        double expected = 0;
        foreach (int cut in new[] { 83, 76, 69 })
        {
            for (int t = 0; t < 7; t++)
            {
                expected += Math.Abs(y[cut + t] - y[cut - 1]);
            }
        }

        Assert.Equal(expected / 21, forecast.Choice.Score, 12);
    }

    [Fact]
    public void A_series_too_short_for_cross_validation_uses_the_fallback()
    {
        var forecast = new AutoForecaster().Forecast([Series("A", [3, 4, 5])], new ForecastRequest { Horizon = 7 }).Single();

        Assert.Equal("SeasonalNaive(fallback:Naive)", forecast.Model);
        Assert.True(double.IsNaN(forecast.Choice!.Score));
        Assert.Null(forecast.Choice.RunnerUp);
    }

    [Fact]
    public void Median_combination_takes_the_middle_forecast_step_by_step()
    {
        double[] y = [.. Enumerable.Range(0, 60).Select(t => 10.0 + (t % 7) + (t % 3))];
        var candidates = new IForecaster[] { new NaiveForecaster(), new SeasonalNaiveForecaster(), new WindowAverageForecaster(7) };
        var request = new ForecastRequest { Horizon = 7 };
        var single = candidates.Select(c => c.Forecast([Series("A", y)], request).Single()).ToList();

        var combined = new AutoForecaster(new AutoOptions { Regular = candidates, Combine = Combination.Median, TopK = 3 }).Forecast([Series("A", y)], request).Single();

        for (int t = 0; t < 7; t++)
        {
            double[] values = [.. single.Select(f => f.Mean[t]).Order()];
            Assert.Equal(values[1], combined.Mean[t], 12);
        }

        Assert.StartsWith("Median(", combined.Model, StringComparison.Ordinal);
    }
}
