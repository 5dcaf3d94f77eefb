using Forecasting.Core.Metrics;

namespace Forecasting.Core.Tests.Metrics;

public class AccuracyAccumulatorTests
{
    // Series 1: y 2,0,4,6; f 3,1,2,7; insample 1,3,2,5,4 with m = 2 (MASE 0.75); interval [1,3],[0,0],[5,6],[5,6] (3 of 4 inside).
    // Series 2: y 1,1; f 1,3; insample 0,1,1,2 with m = 2 (scale 1, MAE 1, MASE 1); interval [0,2] twice (2 of 2 inside).
    private static void AddFirst(AccuracyAccumulator a) =>
        a.Add([2, 0, 4, 6], [3, 1, 2, 7], [1, 3, 2, 5, 4], 2, [1, 0, 5, 5], [3, 0, 6, 6], [(0.9, [3, 1, 2, 7])]);

    private static void AddSecond(AccuracyAccumulator a) =>
        a.Add([1, 1], [1, 3], [0, 1, 1, 2], 2, [0, 0], [2, 2], [(0.9, [1, 3])]);

    [Fact]
    public void Aggregates_over_all_rows_and_averages_mase_over_series()
    {
        var a = new AccuracyAccumulator();
        AddFirst(a);
        AddSecond(a);

        Assert.Equal(6, a.Rows);
        Assert.Equal(2, a.Series);
        Assert.Equal(7.0 / 14, a.Wape, 12); // |e| 5 + 2 over |y| 12 + 2
        Assert.Equal(7.0 / 6, a.Mae, 12);
        Assert.Equal(Math.Sqrt(11.0 / 6), a.Rmse, 12); // squares 1+1+4+1 + 0+4
        Assert.Equal(3.0 / 14, a.Bias, 12); // signed 1 + 2
        Assert.Equal(5.0 / 6, a.Coverage, 12);
        Assert.Equal(0.875, a.Mase, 12); // (0.75 + 1) / 2
        Assert.Equal(2.3 / 6, a.Pinball, 12); // 2.1 + (0 + 0.2) over 6 terms
    }

    [Fact]
    public void Matches_the_direct_functions_on_one_series()
    {
        var a = new AccuracyAccumulator();
        AddFirst(a);

        Assert.Equal(AccuracyMetrics.Wape([2, 0, 4, 6], [3, 1, 2, 7]), a.Wape, 12);
        Assert.Equal(AccuracyMetrics.Mase([2, 0, 4, 6], [3, 1, 2, 7], [1, 3, 2, 5, 4], 2), a.Mase, 12);
        Assert.Equal(AccuracyMetrics.Pinball([2, 0, 4, 6], [3, 1, 2, 7], 0.9), a.Pinball, 12);
    }

    [Fact]
    public void Merging_two_halves_equals_one_pass()
    {
        var whole = new AccuracyAccumulator();
        AddFirst(whole);
        AddSecond(whole);
        var left = new AccuracyAccumulator();
        var right = new AccuracyAccumulator();
        AddFirst(left);
        AddSecond(right);

        left.Merge(right);

        Assert.Equal((whole.Rows, whole.Series, whole.MaseSeries), (left.Rows, left.Series, left.MaseSeries));
        Assert.Equal(whole.Wape, left.Wape, 12);
        Assert.Equal(whole.Rmse, left.Rmse, 12);
        Assert.Equal(whole.Mase, left.Mase, 12);
        Assert.Equal(whole.Coverage, left.Coverage, 12);
        Assert.Equal(whole.Pinball, left.Pinball, 12);
    }

    [Fact]
    public void A_series_with_undefined_scale_is_counted_and_left_out_of_mase()
    {
        var a = new AccuracyAccumulator();
        AddFirst(a);
        a.Add([1, 1], [2, 2], [3, 3, 3], 1, default, default); // flat history: scale 0

        Assert.Equal(1, a.MaseSkipped);
        Assert.Equal(0.75, a.Mase, 12);
        Assert.Equal(7.0 / 14, a.Wape, 12); // but its rows count for WAPE: |e| 5 + 2 over 12 + 2
    }

    [Fact]
    public void Empty_accumulator_reports_nan()
    {
        var a = new AccuracyAccumulator();
        Assert.True(double.IsNaN(a.Wape));
        Assert.True(double.IsNaN(a.Mase));
        Assert.True(double.IsNaN(a.Coverage));
    }
}
