using Forecasting.Core.Domain;
using Forecasting.Core.Forecasting;

namespace Forecasting.Core.Tests.Forecasting;

public class SeasonalNaiveForecasterTests
{
    private const double Z90 = 1.2815515655446004;
    private static readonly DateOnly Monday = new(2025, 1, 6);

    [Fact]
    public void Repeats_the_last_season_with_intervals_widening_each_season()
    {
        // Week 1: 1..7, week 2: 2..8. Seasonal differences are all 1: sigma = 1.
        double[] values = [1, 2, 3, 4, 5, 6, 7, 2, 3, 4, 5, 6, 7, 8];
        var series = new DemandSeries(new SeriesKey("A", "north"), Granularity.Day, Monday, values);

        var forecast = new SeasonalNaiveForecaster().Forecast([series], new ForecastRequest { Horizon = 10, SeasonLength = 7 }).Single();

        Assert.Equal([2.0, 3, 4, 5, 6, 7, 8, 2, 3, 4], forecast.Mean.ToArray());
        Assert.Equal("SeasonalNaive", forecast.Model);
        Assert.Equal(new DateOnly(2025, 1, 20), forecast.FirstTarget);
        Assert.Equal(2 + Z90, forecast.Quantile(0.9)[0], 12); // k = 0: sd 1
        Assert.Equal(8 + Z90, forecast.Quantile(0.9)[6], 12);
        Assert.Equal(2 + (Z90 * Math.Sqrt(2)), forecast.Quantile(0.9)[7], 12); // k = 1: sd sqrt(2)
        Assert.Equal(forecast.Mean.ToArray(), forecast.Quantile(0.5).ToArray());
    }

    [Fact]
    public void A_series_shorter_than_a_season_falls_back_to_naive_and_says_so()
    {
        var series = new DemandSeries(new SeriesKey("A", "north"), Granularity.Day, Monday, [4, 1, 3]);

        var forecast = new SeasonalNaiveForecaster().Forecast([series], new ForecastRequest { Horizon = 2, SeasonLength = 7 }).Single();

        Assert.Equal(SeasonalNaiveForecaster.FallbackName, forecast.Model);
        Assert.Equal([3.0, 3], forecast.Mean.ToArray());
    }

    [Fact]
    public void Season_length_one_is_naive()
    {
        var series = new DemandSeries(new SeriesKey("A", "north"), Granularity.Day, Monday, [4, 1, 3]);
        var request = new ForecastRequest { Horizon = 3, SeasonLength = 1 };

        var seasonal = new SeasonalNaiveForecaster().Forecast([series], request).Single();
        var naive = new NaiveForecaster().Forecast([series], request).Single();

        Assert.Equal(naive.Mean.ToArray(), seasonal.Mean.ToArray());
        Assert.Equal(naive.Quantile(0.9).ToArray(), seasonal.Quantile(0.9).ToArray());
    }

    [Fact]
    public void Reports_progress_and_honours_cancellation()
    {
        var batch = Enumerable.Range(0, 5).Select(i => new DemandSeries(new SeriesKey($"S{i}", "north"), Granularity.Day, Monday, [1, 2, 3, 4, 5, 6, 7, 8])).ToList();
        var seen = new List<int>();
        using var cancel = new CancellationTokenSource();

        new SeasonalNaiveForecaster().Forecast(batch, new ForecastRequest { Horizon = 1 }, new Recorder(seen));
        cancel.Cancel();

        Assert.Equal([1, 2, 3, 4, 5], seen);
        Assert.Throws<OperationCanceledException>(() => new SeasonalNaiveForecaster().Forecast(batch, new ForecastRequest { Horizon = 1 }, null, cancel.Token));
    }

    private sealed class Recorder(List<int> seen) : IProgress<int>
    {
        public void Report(int value) => seen.Add(value);
    }
}
