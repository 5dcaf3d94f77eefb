using Forecasting.Core.Domain;
using Forecasting.Core.Forecasting.Calibration;

namespace Forecasting.Core.Tests.Forecasting.Calibration;

public class VolumeClassesTests
{
    private static DemandSeries Series(string sku, double perDay) => new(new SeriesKey(sku, "north"), Granularity.Day, new DateOnly(2025, 1, 6), [.. Enumerable.Repeat(perDay, 400)]);

    [Fact]
    public void The_largest_series_making_eighty_percent_of_the_volume_are_A_the_next_fifteen_B_the_rest_C()
    {
        // Volumes 70, 15, 10, 3, 2 per day (total 100): before each 0, 70, 85, 95, 98 %.
        var classes = VolumeClasses.Assign([Series("c1", 3), Series("a1", 70), Series("b1", 10), Series("a2", 15), Series("c2", 2)]);

        Assert.Equal([VolumeClass.C, VolumeClass.A, VolumeClass.B, VolumeClass.A, VolumeClass.C], classes);
    }

    [Fact]
    public void Only_the_last_year_counts()
    {
        var old = new DemandSeries(new SeriesKey("old", "north"), Granularity.Day, new DateOnly(2024, 1, 1), [.. Enumerable.Repeat(100.0, 400), .. Enumerable.Repeat(0.0, 364)]);

        var classes = VolumeClasses.Assign([old, Series("now", 1)]);

        Assert.Equal([VolumeClass.C, VolumeClass.A], classes);
    }
}
