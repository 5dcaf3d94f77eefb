using Forecasting.Core.Accuracy;
using Forecasting.Core.Domain;

namespace Forecasting.Core.Tests.Accuracy;

public sealed class AccuracySumsTests
{
    [Fact]
    public void Metrics_of_hand_made_rows_match_hand_computed_values()
    {
        // actual, mean, p10, p50, p90, naive, scale
        var sums = new AccuracySums();
        sums.Add(10, 12, 8, 12, 15, 9, 2);   // e = +2, inside
        sums.Add(0, 1, 0, 1, 3, 2, 2);       // e = +1, inside (0 = p10)
        sums.Add(20, 14, 10, 14, 18, 20, 4); // e = -6, above p90
        sums.Add(5, 5, 6, 5, 9, 4, 0);       // e = 0, below p10; no scale

        Assert.Equal(4, sums.Rows);
        Assert.Equal(9.0 / 35, sums.Wape, 12);             // (2 + 1 + 6 + 0) / (10 + 0 + 20 + 5)
        Assert.Equal(-3.0 / 35, sums.Bias, 12);            // (2 + 1 - 6 + 0) / 35
        Assert.Equal(0.5, sums.Coverage, 12);              // rows 1 and 2 of 4
        Assert.Equal((2.0 / 2 + 1.0 / 2 + 6.0 / 4) / 3, sums.Mase, 12);
        Assert.Equal(4.0 / 35, sums.NaiveWape, 12);        // |9-10| + |2-0| + |20-20| + |4-5|
        Assert.Equal(4.0 / 35 - 9.0 / 35, sums.ValueAdded, 12); // negative: the naive benchmark did better here
        // Pinball: p10 terms 0.2, 0, 1.0, 0.9; p50 terms 1.0, 0.5, 3.0, 0; p90 terms 0.5, 0.3, 1.8, 0.4.
        Assert.Equal((2.1 + 4.5 + 3.0) / 12, sums.Pinball, 12);
    }

    [Fact]
    public void Sums_of_parts_equal_the_sums_of_the_whole()
    {
        var random = new Random(3);
        var whole = new AccuracySums();
        var parts = new AccuracySums[3];
        for (int i = 0; i < 300; i++)
        {
            double actual = random.Next(20), mean = random.NextDouble() * 20, naive = random.Next(20), scale = 1 + random.NextDouble();
            whole.Add(actual, mean, mean * 0.5, mean, mean * 1.5, naive, scale);
            parts[i % 3].Add(actual, mean, mean * 0.5, mean, mean * 1.5, naive, scale);
        }

        var rolled = new AccuracySums();
        foreach (var part in parts)
        {
            rolled.Add(part);
        }

        Assert.Equal((whole.Rows, whole.AbsActual, whole.Covered), (rolled.Rows, rolled.AbsActual, rolled.Covered));
        Assert.Equal(whole.Wape, rolled.Wape, 12);
        Assert.Equal(whole.Pinball, rolled.Pinball, 12);
        Assert.Equal(whole.Mase, rolled.Mase, 12);
        Assert.Equal(whole.NaiveWape, rolled.NaiveWape, 12);
    }

    [Fact]
    public void Undefined_metrics_are_nan_not_zero()
    {
        var sums = new AccuracySums();
        sums.Add(0, 0, 0, 0, 0, 0, double.NaN);
        Assert.True(double.IsNaN(sums.Wape));
        Assert.True(double.IsNaN(sums.Mase));
        Assert.Equal(1.0, sums.Coverage);
    }

    [Fact]
    public void The_window_gives_actuals_the_eight_week_scale_and_the_seasonal_naive_of_the_last_week()
    {
        var key = new SeriesKey("A", "north");
        var cutoff = new DateOnly(2026, 3, 1);
        var window = new ActualsWindow(ActualsWindow.FirstDayFor(cutoff), cutoff.AddDays(10));
        for (var day = window.First; day <= window.Last; day = day.AddDays(1))
        {
            window.Set(key, day, day.DayNumber % 7 == 0 ? 14 : 7); // one peak day a week, same weekday every week
        }

        window.Set(key, cutoff, 30); // the cut-off day (a Sunday, not a peak day) breaks the pattern once
        Assert.Equal(23.0 / 56, window.Scale(key, cutoff), 12); // one of the 56 weekly differences is |30 - 7|, the rest 0
        Assert.Equal(30.0, window.SeasonalNaive(key, cutoff, cutoff.AddDays(7)));     // same weekday as the cut-off
        Assert.Equal(window.Actual(key, cutoff.AddDays(-6)), window.SeasonalNaive(key, cutoff, cutoff.AddDays(1)));
        Assert.Equal(window.Actual(key, cutoff.AddDays(-6)), window.SeasonalNaive(key, cutoff, cutoff.AddDays(8)));
        Assert.Null(window.Actual(key, cutoff.AddDays(11)));                          // not arrived yet
        Assert.Equal(0.0, window.Actual(new SeriesKey("B", "north"), cutoff.AddDays(2))); // no row: no demand
    }
}
