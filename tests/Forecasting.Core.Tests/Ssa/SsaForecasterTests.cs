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
        RootClamping.Clamp(a);

        Assert.Equal(-0.5, a[0], 12);
        Assert.Equal(1.5, a[1], 12);
    }

    [Fact]
    public void Roots_are_found_without_polishing_to_high_accuracy()
    {
        // (z - 0.9)(z + 0.5)(z^2 - 2 cos(0.7) z + 1)(z^2 - 1.6 z + 0.89) ... built from known roots.
        System.Numerics.Complex[] roots =
        [
            new(0.9, 0), new(-0.5, 0), System.Numerics.Complex.FromPolarCoordinates(1, 0.7), System.Numerics.Complex.FromPolarCoordinates(1, -0.7),
            new(0.8, 0.5), new(0.8, -0.5), new(1.02, 0), new(-0.3, 0.6), new(-0.3, -0.6), new(0.1, 0),
        ];
        var coefficients = new double[roots.Length];
        Assert.True(PolynomialRoots.FromRoots(roots, coefficients));

        var found = new System.Numerics.Complex[roots.Length];
        Assert.True(PolynomialRoots.Find(coefficients, found, polish: false));

        foreach (var root in roots)
        {
            Assert.Contains(found, f => (f - root).Magnitude < 1e-8);
        }
    }

    [Fact]
    public void Explosive_growth_is_clamped_unless_clamping_is_off()
    {
        // 1 % a day compound growth: root 1.01, 32 % over 28 days if left alone.
        double[] values = [.. Enumerable.Range(0, 200).Select(t => 50 * Math.Pow(1.01, t) * (1 + (0.2 * Math.Sin(2 * Math.PI * t / 7))))];
        var request = new ForecastRequest { Horizon = 28 };

        var clamped = new SsaForecaster().Forecast([Series("A", values)], request).Single();
        var free = new SsaForecaster(new SsaOptions { ClampRoots = false }).Forecast([Series("A", values)], request).Single();

        double Growth(SeriesForecast f) => f.Mean.Slice(21, 7).ToArray().Average() / f.Mean.Slice(0, 7).ToArray().Average();
        Assert.InRange(Growth(free), 1.18, 1.30); // 1.01^21 = 1.23
        Assert.InRange(Growth(clamped), 0.95, 1.12);
    }

    [Fact]
    public void A_negative_clamp_growth_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new SsaForecaster(new SsaOptions { ClampGrowth = -1 }));
        Assert.Contains("ClampGrowth", error.Message);
    }
}
