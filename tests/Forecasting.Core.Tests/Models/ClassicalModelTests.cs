using Forecasting.Core.Domain;
using Forecasting.Core.Forecasting;
using Forecasting.Core.Forecasting.Models;
using Forecasting.Core.Synthetic;

namespace Forecasting.Core.Tests.Models;

public class ClassicalModelTests
{
    private static DemandSeries Series(params double[] values) => new(new SeriesKey("A", "north"), Granularity.Day, new DateOnly(2025, 1, 6), values);

    [Fact]
    public void Ses_recursion_by_hand()
    {
        // alpha 0.5 on 3, 5, 4: l0 = 3; e1 = 2 (sse 4), l1 = 4; e2 = 0, l2 = 4.
        var (level, sse) = SesForecaster.Smooth([3, 5, 4], 0.5);

        Assert.Equal(4, level, 12);
        Assert.Equal(4, sse, 12);
    }

    [Fact]
    public void Ses_alpha_is_small_on_noise_around_a_level_and_large_on_a_random_walk()
    {
        var random = new RandomSource(3);
        double[] noisy = [.. Enumerable.Range(0, 300).Select(_ => 50 + random.Normal(0, 5))];
        double walk = 50;
        double[] randomWalk = [.. Enumerable.Range(0, 300).Select(_ => walk += random.Normal(0, 5))];

        Assert.True(SesForecaster.FitAlpha(noisy) < 0.15);
        Assert.True(SesForecaster.FitAlpha(randomWalk) > 0.85);
    }

    [Fact]
    public void Holt_damped_recursion_by_hand()
    {
        // alpha = beta = 0.5, phi = 0.9 on 1, 2: l0 = 1, b0 = 1; f1 = 1.9, e1 = 0.1 (sse 0.01);
        // l1 = 1.9 + 0.05 = 1.95; b1 = 0.5 (1.95 - 1) + 0.5 * 0.9 * 1 = 0.925.
        var (level, trend, sse) = HoltDampedForecaster.Run([1, 2], 0.5, 0.5, 0.9);

        Assert.Equal(1.95, level, 12);
        Assert.Equal(0.925, trend, 12);
        Assert.Equal(0.01, sse, 12);
    }

    [Fact]
    public void Holt_damped_follows_a_trend_and_bends_it()
    {
        double[] y = [.. Enumerable.Range(0, 60).Select(t => 10 + (2.0 * t))];

        var forecast = new HoltDampedForecaster().Forecast([Series(y)], new ForecastRequest { Horizon = 10 }).Single();

        Assert.Equal("HoltDamped", forecast.Model);
        Assert.InRange(forecast.Mean[0], 129, 131); // next value 130
        Assert.True(forecast.Mean[9] - forecast.Mean[8] < forecast.Mean[1] - forecast.Mean[0] + 1e-9, "damped: steps shrink");
    }

    [Fact]
    public void Theta_continues_half_the_slope_of_a_linear_trend()
    {
        // y = 2t + 5 (t = 1..40), least-squares slope b0 = 2; SES tracks the line (alpha -> 1), so
        // y_{40+h} = l_40 + b0 / 2 ((h - 1) + 1 / alpha - (1 - alpha)^40 / alpha) ~ 85 + h.
        double[] y = [.. Enumerable.Range(1, 40).Select(t => (2.0 * t) + 5)];

        var forecast = new ThetaForecaster().Forecast([Series(y)], new ForecastRequest { Horizon = 5, SeasonLength = 1 }).Single();

        Assert.Equal(2, ThetaForecaster.Slope(y), 12);
        Assert.Equal(86, forecast.Mean[0], 0.1);
        Assert.Equal(90, forecast.Mean[4], 0.1);
    }

    [Fact]
    public void Naive2_reseasonalises_the_naive_forecast()
    {
        // 10 x indices 0.5, 1, 1.5, 1 repeated: centred 2x4 moving average is 10 everywhere, indices exact.
        double[] index = [0.5, 1, 1.5, 1];
        double[] y = [.. Enumerable.Range(0, 24).Select(t => 10 * index[t % 4])];

        var seasonal = new Naive2Forecaster().Forecast([Series(y)], new ForecastRequest { Horizon = 4, SeasonLength = 4 }).Single();
        var plain = new Naive2Forecaster().Forecast([Series(y)], new ForecastRequest { Horizon = 4, SeasonLength = 1 }).Single();

        Assert.Equal([5.0, 10, 15, 10], seasonal.Mean.ToArray().Select(v => Math.Round(v, 9)));
        Assert.Equal([10.0, 10, 10, 10], plain.Mean.ToArray()); // m = 1: Naive2 is Naive
    }

    [Theory]
    [InlineData(IntermittentMethod.Croston, 3.2 / 2.9)]
    [InlineData(IntermittentMethod.Sba, 3.2 / 2.9 * 0.95)]
    [InlineData(IntermittentMethod.Tsb, 0.424 * 3.2)]
    public void Intermittent_methods_by_hand(IntermittentMethod method, double expected)
    {
        // 0, 0, 3, 0, 5 with alpha = beta = 0.1. First demand at t = 2: z = 3, p = 3 (TSB d = 2/5 = 0.4).
        // t = 3 (zero): TSB d = 0.36. t = 4 (5 after 2 periods): z = 3 + 0.1 (5 - 3) = 3.2,
        // p = 3 + 0.1 (2 - 3) = 2.9; TSB d = 0.36 + 0.1 (1 - 0.36) = 0.424.
        Assert.Equal(expected, IntermittentForecaster.Run([0, 0, 3, 0, 5], method, 0.1, 0.1), 12);
    }

    [Fact]
    public void Window_average_is_the_mean_of_the_last_window()
    {
        var forecast = new WindowAverageForecaster(3).Forecast([Series(1, 2, 3, 4, 8)], new ForecastRequest { Horizon = 2 }).Single();

        Assert.Equal([5.0, 5], forecast.Mean.ToArray()); // (3 + 4 + 8) / 3
    }

    public static TheoryData<string> ModelNames => ["SES", "HoltDamped", "Theta", "Naive2", "Croston", "SBA", "TSB", "WindowAverage"];

    private static IForecaster Model(string name) => name switch
    {
        "SES" => new SesForecaster(),
        "HoltDamped" => new HoltDampedForecaster(),
        "Theta" => new ThetaForecaster(),
        "Naive2" => new Naive2Forecaster(),
        "Croston" => new IntermittentForecaster(IntermittentMethod.Croston),
        "SBA" => new IntermittentForecaster(IntermittentMethod.Sba),
        "TSB" => new IntermittentForecaster(IntermittentMethod.Tsb),
        _ => new WindowAverageForecaster(),
    };

    [Theory]
    [MemberData(nameof(ModelNames))]
    public void Degenerate_inputs_give_finite_ordered_non_negative_forecasts(string name)
    {
        double[][] inputs =
        [
            [], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 7, 0, 0, 0, 0], [4, 4, 4, 4, 4, 4, 4, 4], [3],
            [1, double.NaN, 3, 4, double.NaN, 2, 5, 1, 0, 2, 3, 4], [.. Enumerable.Range(0, 50).Select(t => 1e12 * (1 + (t % 7)))],
        ];
        foreach (var values in inputs)
        {
            var forecast = Model(name).Forecast([Series(values)], new ForecastRequest { Horizon = 7, SeasonLength = 7 }).Single();
            for (int k = 0; k < 7; k++)
            {
                Assert.True(double.IsFinite(forecast.Mean[k]) && forecast.Mean[k] >= 0, $"{name} on [{string.Join(",", values)}]: mean {forecast.Mean[k]}");
                Assert.True(forecast.Quantile(0.1)[k] <= forecast.Quantile(0.5)[k] && forecast.Quantile(0.5)[k] <= forecast.Quantile(0.9)[k], $"{name}: quantiles ordered");
                Assert.True(forecast.Quantile(0.1)[k] >= 0, $"{name}: p10 >= 0");
            }
        }
    }
}
