using Forecasting.Core.Metrics;

namespace Forecasting.Core.Tests.Metrics;

/// <summary>Every metric of design.md against arithmetic done by hand in the comments.</summary>
public class AccuracyMetricsTests
{
    private static readonly double[] Actual = [2, 0, 4, 6];
    private static readonly double[] Forecast = [3, 1, 2, 7]; // errors f - y: 1, 1, -2, 1
    private static readonly double[] Insample = [1, 3, 2, 5, 4];

    [Fact]
    public void Wape_is_total_absolute_error_over_total_actuals() =>
        Assert.Equal(5.0 / 12, AccuracyMetrics.Wape(Actual, Forecast), 12); // (1+1+2+1) / (2+0+4+6)

    [Fact]
    public void Mae_and_rmse()
    {
        Assert.Equal(1.25, AccuracyMetrics.Mae(Actual, Forecast), 12); // 5 / 4
        Assert.Equal(Math.Sqrt(1.75), AccuracyMetrics.Rmse(Actual, Forecast), 12); // sqrt((1+1+4+1) / 4)
    }

    [Fact]
    public void Mase_scales_by_the_in_sample_seasonal_naive_mae()
    {
        // m = 2: |2-1|, |5-3|, |4-2| = 1, 2, 2, mean 5/3; MASE = 1.25 / (5/3) = 0.75.
        Assert.Equal(0.75, AccuracyMetrics.Mase(Actual, Forecast, Insample, 2), 12);
        // m = 1: |3-1|, |2-3|, |5-2|, |4-5| = 2, 1, 3, 1, mean 7/4; MASE = 1.25 / 1.75.
        Assert.Equal(1.25 / 1.75, AccuracyMetrics.Mase(Actual, Forecast, Insample, 1), 12);
    }

    [Fact]
    public void Rmsse_scales_by_the_in_sample_seasonal_naive_mse() =>
        Assert.Equal(Math.Sqrt(1.75 / 3), AccuracyMetrics.Rmsse(Actual, Forecast, Insample, 2), 12); // squares 1, 4, 4: mean 3

    [Fact]
    public void Mase_is_undefined_when_the_scale_is_zero_or_the_history_too_short()
    {
        Assert.True(double.IsNaN(AccuracyMetrics.Mase(Actual, Forecast, [2, 2, 2], 1)));
        Assert.True(double.IsNaN(AccuracyMetrics.Mase(Actual, Forecast, [1, 2], 2)));
        Assert.Throws<ArgumentOutOfRangeException>(() => AccuracyMetrics.Mase(Actual, Forecast, Insample, 0));
    }

    [Fact]
    public void Smape_averages_200_abs_error_over_abs_sum()
    {
        // 200*1/5 = 40, 200*1/1 = 200, 200*2/6 = 66.667, 200*1/13 = 15.385: mean 80.5128...
        Assert.Equal((40 + 200 + (400.0 / 6) + (200.0 / 13)) / 4, AccuracyMetrics.Smape(Actual, Forecast), 10);
    }

    [Fact]
    public void Smape_term_is_zero_when_actual_and_forecast_are_both_zero()
    {
        Assert.Equal(0, AccuracyMetrics.Smape([0, 2], [0, 2]));
        Assert.Equal(50, AccuracyMetrics.Smape([0, 1], [0, 3]), 12); // (0 + 200*2/4) / 2 = 100 / 2
    }

    [Fact]
    public void Bias_is_signed_error_over_actuals()
    {
        Assert.Equal(1.0 / 12, AccuracyMetrics.Bias(Actual, Forecast), 12); // (1+1-2+1) / 12
        Assert.Equal(-0.5, AccuracyMetrics.Bias([4, 4], [2, 2]), 12);
    }

    [Fact]
    public void Coverage_counts_actuals_inside_the_interval_bounds_included()
    {
        // 2 in [1,3] yes; 0 in [0,0] yes (bounds count); 4 in [5,6] no; 6 in [5,6] yes.
        Assert.Equal(0.75, AccuracyMetrics.Coverage(Actual, [1, 0, 5, 5], [3, 0, 6, 6]), 12);
    }

    [Theory]
    [InlineData(0.9, 0.525)] // e = y - f: -1, -1, 2, -1 -> 0.1, 0.1, 1.8, 0.1: 2.1 / 4
    [InlineData(0.1, 0.725)] // -> 0.9, 0.9, 0.2, 0.9: 2.9 / 4
    [InlineData(0.5, 0.625)] // -> |e| / 2: 2.5 / 4
    public void Pinball_loss_per_quantile(double q, double expected) =>
        Assert.Equal(expected, AccuracyMetrics.Pinball(Actual, Forecast, q), 12);

    [Fact]
    public void Pinball_refuses_a_level_outside_0_1()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => AccuracyMetrics.Pinball(Actual, Forecast, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => AccuracyMetrics.Pinball(Actual, Forecast, 0));
    }

    [Fact]
    public void Owa_averages_the_ratios_to_naive2() =>
        Assert.Equal(0.775, AccuracyMetrics.Owa(smape: 12, mase: 0.9, smapeNaive2: 15, maseNaive2: 1.2), 12); // (0.8 + 0.75) / 2

    [Fact]
    public void Zero_denominators_give_nan_not_zero()
    {
        Assert.True(double.IsNaN(AccuracyMetrics.Wape([0, 0], [1, 0])));
        Assert.True(double.IsNaN(AccuracyMetrics.Bias([0, 0], [1, 0])));
        Assert.True(double.IsNaN(AccuracyMetrics.Mae([], [])));
        Assert.True(double.IsNaN(AccuracyMetrics.Smape([], [])));
        Assert.True(double.IsNaN(AccuracyMetrics.Coverage([], [], [])));
    }

    [Fact]
    public void Mismatched_lengths_are_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => AccuracyMetrics.Wape([1, 2], [1]));
        Assert.Contains("2 values", e.Message, StringComparison.Ordinal);
    }
}
