using Forecasting.Core.Domain;

namespace Forecasting.Core.Tests.Domain;

public class DemandSeriesTests
{
    private static readonly SeriesKey Key = new("A", "north");

    [Fact]
    public void Days_without_sales_are_zero_and_days_outside_are_absent()
    {
        var series = DemandSeries.FromDaily(Key, new DateOnly(2025, 3, 1), new DateOnly(2025, 3, 5),
            [(new DateOnly(2025, 3, 2), 4), (new DateOnly(2025, 3, 4), 1), (new DateOnly(2025, 3, 4), 2)]);

        Assert.Equal([0.0, 4, 0, 3, 0], series.Values.ToArray()); // the two rows of 4 March are summed
        Assert.Equal(0, series.ValueAt(new DateOnly(2025, 3, 1)));
        Assert.Null(series.ValueAt(new DateOnly(2025, 2, 28))); // before launch: absent, not zero
        Assert.Null(series.ValueAt(new DateOnly(2025, 3, 6))); // after the data: absent
        Assert.Equal(new DateOnly(2025, 3, 5), series.End);
    }

    [Fact]
    public void An_observation_outside_the_range_is_refused()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            DemandSeries.FromDaily(Key, new DateOnly(2025, 3, 1), new DateOnly(2025, 3, 5), [(new DateOnly(2025, 2, 27), 1)]));
        Assert.Contains("2025-02-27", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Weekly_keeps_complete_iso_weeks_only()
    {
        // 1 to 20 January 2025, value = day of month. 1 Jan is a Wednesday, so 1-5 Jan (partial week) and
        // Monday 20 Jan (partial week) are dropped: weeks of 6-12 Jan (6+...+12 = 63) and 13-19 Jan (112).
        var daily = new DemandSeries(Key, Granularity.Day, new DateOnly(2025, 1, 1), [.. Enumerable.Range(1, 20).Select(d => (double)d)]);

        var weekly = daily.ToWeekly();

        Assert.Equal(Granularity.Week, weekly.Granularity);
        Assert.Equal(new DateOnly(2025, 1, 6), weekly.Start);
        Assert.Equal([63.0, 112], weekly.Values.ToArray());
        Assert.Equal(112, weekly.ValueAt(new DateOnly(2025, 1, 19))); // any day of a week finds its week
        Assert.Null(weekly.ValueAt(new DateOnly(2025, 1, 20)));
    }

    [Fact]
    public void A_weekly_series_must_start_on_a_monday() =>
        Assert.Throws<ArgumentException>(() => new DemandSeries(Key, Granularity.Week, new DateOnly(2025, 1, 1), [1]));

    [Fact]
    public void Aggregate_sums_children_where_they_are_present()
    {
        // A covers 1-3 Jan, B covers 2-5 Jan: 1 Jan is A alone, 4-5 Jan are B alone.
        var a = new DemandSeries(new SeriesKey("A", "north"), Granularity.Day, new DateOnly(2025, 1, 1), [1, 2, 3]);
        var b = new DemandSeries(new SeriesKey("B", "north"), Granularity.Day, new DateOnly(2025, 1, 2), [10, 20, 30, 40]);

        var parent = DemandSeries.Aggregate(SeriesKey.ForCategory("dresses", "north"), [a, b]);

        Assert.Equal(new DateOnly(2025, 1, 1), parent.Start);
        Assert.Equal([1.0, 12, 23, 30, 40], parent.Values.ToArray());
        Assert.Equal("category:dresses", parent.Key.Sku);
    }

    [Fact]
    public void Aggregate_to_all_regions_of_weekly_series()
    {
        var north = new DemandSeries(new SeriesKey("A", "north"), Granularity.Week, new DateOnly(2025, 1, 6), [5, 6]);
        var south = new DemandSeries(new SeriesKey("A", "south"), Granularity.Week, new DateOnly(2025, 1, 13), [1, 2]);

        var all = DemandSeries.Aggregate(new SeriesKey("A", SeriesKey.AllRegions), [north, south]);

        Assert.Equal([5.0, 7, 2], all.Values.ToArray());
        Assert.Equal(new DateOnly(2025, 1, 20), all.End);
    }

    [Fact]
    public void Aggregate_refuses_mixed_granularities_and_no_children()
    {
        var day = new DemandSeries(Key, Granularity.Day, new DateOnly(2025, 1, 6), [1]);
        var week = new DemandSeries(Key, Granularity.Week, new DateOnly(2025, 1, 6), [1]);

        Assert.Throws<ArgumentException>(() => DemandSeries.Aggregate(Key, [day, week]));
        Assert.Throws<ArgumentException>(() => DemandSeries.Aggregate(Key, []));
    }

    [Fact]
    public void Slice_keeps_dates_aligned()
    {
        var series = new DemandSeries(Key, Granularity.Day, new DateOnly(2025, 1, 1), [1, 2, 3, 4, 5]);

        var slice = series.Slice(2, 2);

        Assert.Equal(new DateOnly(2025, 1, 3), slice.Start);
        Assert.Equal([3.0, 4], slice.Values.ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => series.Slice(4, 2));
    }
}
