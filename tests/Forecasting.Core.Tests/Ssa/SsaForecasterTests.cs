using Forecasting.Core.Domain;
using Forecasting.Core.Forecasting;
using Forecasting.Core.Ssa;
using Forecasting.Core.Synthetic;

namespace Forecasting.Core.Tests.Ssa;

public class SsaForecasterTests
{
    private static readonly DateOnly Start = new(2025, 1, 6);

    private static DemandSeries Series(string sku, double[] values) => new(new SeriesKey(sku, "north"), Granularity.Day, Start, values);

    private static double[] Seasonal(int n, Func<int, double> noise) =>
        [.. Enumerable.Range(0, n).Select(t => 20 + (6 * Math.Sin(2 * Math.PI * t / 7)) + (3 * Math.Cos(2 * Math.PI * t / 7 * 2)) + noise(t))];

    [Fact]
    public void A_clean_weekly_pattern_is_continued_exactly()
    {
        var values = Seasonal(200, _ => 0);
        var truth = Seasonal(228, _ => 0)[200..];

        var forecast = new SsaForecaster().Forecast([Series("A", values)], new ForecastRequest { Horizon = 28 }).Single();

        Assert.Equal("SSA", forecast.Model);
        for (int k = 0; k < 28; k++)
        {
            Assert.Equal(truth[k], forecast.Mean[k], 6);
        }
    }

    [Fact]
    public void A_linear_trend_keeps_rising()
    {
        double[] values = [.. Enumerable.Range(0, 120).Select(t => 10 + (0.5 * t))];

        var forecast = new SsaForecaster().Forecast([Series("A", values)], new ForecastRequest { Horizon = 14 }).Single();

        // y = 10 + 0.5 t continues to 70 at t = 120 and 76.5 at t = 133.
        Assert.Equal(70, forecast.Mean[0], 1);
        Assert.Equal(76.5, forecast.Mean[13], 1);
    }

    [Fact]
    public void Intervals_cover_about_80_percent_of_noisy_seasonal_demand()
    {
        var random = new RandomSource(5);
        var history = new List<DemandSeries>();
        var actuals = new List<double[]>();
        for (int s = 0; s < 200; s++)
        {
            double[] noise = [.. Enumerable.Range(0, 400).Select(_ => random.Normal(0, 2))];
            var all = Seasonal(400, t => noise[t]);
            history.Add(Series($"S{s}", all[..372]));
            actuals.Add(all[372..]);
        }

        var forecasts = new SsaForecaster().Forecast(history, new ForecastRequest { Horizon = 28 });

        int inside = 0, total = 0;
        for (int s = 0; s < forecasts.Count; s++)
        {
            var low = forecasts[s].Quantile(0.1);
            var high = forecasts[s].Quantile(0.9);
            for (int k = 0; k < 28; k++, total++)
            {
                inside += actuals[s][k] >= low[k] && actuals[s][k] <= high[k] ? 1 : 0;
            }
        }

        Assert.InRange(inside / (double)total, 0.72, 0.88);
    }

    [Fact]
    public void Results_do_not_depend_on_the_number_of_threads()
    {
        var random = new RandomSource(9);
        var batch = Enumerable.Range(0, 150).Select(s => Series($"S{s}", Seasonal(300, _ => random.Normal(0, 3)))).ToList();
        var request = new ForecastRequest { Horizon = 28 };

        var one = new SsaForecaster(maxDegreeOfParallelism: 1).Forecast(batch, request);
        var many = new SsaForecaster(maxDegreeOfParallelism: 4).Forecast(batch, request);

        for (int s = 0; s < batch.Count; s++)
        {
            Assert.Equal(one[s].Key, many[s].Key);
            Assert.Equal(one[s].Mean.ToArray(), many[s].Mean.ToArray());
            Assert.Equal(one[s].Quantile(0.9).ToArray(), many[s].Quantile(0.9).ToArray());
        }
    }

    public static TheoryData<string, double[]> Degenerate => new()
    {
        { "all zeros", new double[300] },
        { "a single non-zero", [.. Enumerable.Range(0, 300).Select(t => t == 150 ? 5.0 : 0)] },
        { "constant", [.. Enumerable.Repeat(4.0, 300)] },
        { "too short for a window", [1, 2, 3, 4, 5] },
        { "NaN gaps", [.. Enumerable.Range(0, 300).Select(t => t % 17 == 3 ? double.NaN : 5 + (t % 7))] },
        { "huge values", [.. Enumerable.Range(0, 300).Select(t => 1e12 * (1 + (t % 7)))] },
        { "intermittent", [.. Enumerable.Range(0, 300).Select(t => t % 23 == 0 ? 3.0 : 0)] },
        { "empty", [] },
    };

    [Theory]
    [MemberData(nameof(Degenerate))]
    public void Degenerate_series_get_finite_ordered_non_negative_forecasts(string what, double[] values)
    {
        var forecast = new SsaForecaster().Forecast([Series(what, values)], new ForecastRequest { Horizon = 28 }).Single();

        Assert.Equal(28, forecast.Horizon);
        for (int k = 0; k < 28; k++)
        {
            Assert.True(double.IsFinite(forecast.Mean[k]) && forecast.Mean[k] >= 0, $"{what}: mean[{k}] = {forecast.Mean[k]}");
            Assert.True(forecast.Quantile(0.1)[k] <= forecast.Quantile(0.5)[k] && forecast.Quantile(0.5)[k] <= forecast.Quantile(0.9)[k], $"{what}: quantiles at {k}");
            Assert.True(forecast.Quantile(0.1)[k] >= 0);
        }
    }

    [Fact]
    public void A_series_too_short_falls_back_and_says_so()
    {
        var forecast = new SsaForecaster().Forecast([Series("A", [1, 2, 3, 4, 5])], new ForecastRequest { Horizon = 7 }).Single();

        Assert.Equal("SSA(fallback:Naive)", forecast.Model);
        Assert.Equal(5, forecast.Mean[0]);
    }

    [Fact]
    public void A_constant_series_is_forecast_at_its_level()
    {
        var forecast = new SsaForecaster().Forecast([Series("A", [.. Enumerable.Repeat(4.0, 300)])], new ForecastRequest { Horizon = 28 }).Single();

        Assert.All(forecast.Mean.ToArray(), v => Assert.Equal(4, v, 6));
    }

    [Fact]
    public void Clamping_pulls_explosive_roots_onto_the_unit_circle()
    {
        // y_t = 2.5 y_{t-1} - y_{t-2}: roots 2 and 0.5; clamped to 1 and 0.5: y_t = 1.5 y_{t-1} - 0.5 y_{t-2}.
        double[] a = [-1, 2.5];
        SsaEngine.ClampRoots(a);

        Assert.Equal(-0.5, a[0], 12);
        Assert.Equal(1.5, a[1], 12);
    }
}
