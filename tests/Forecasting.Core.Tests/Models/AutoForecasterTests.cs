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

        var forecast = new AutoForecaster().Forecast([Series("A", sparse)], new ForecastRequest { Horizon = 7 }).Single();

        Assert.Contains(forecast.Choice!.DemandClass, new[] { "Intermittent", "Lumpy" });
        Assert.Contains(forecast.Model, new[] { "Croston", "SBA", "TSB", "SES", "WindowAverage" });
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
