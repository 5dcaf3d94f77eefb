using Forecasting.Core.Trends;

namespace Forecasting.Core.Tests.Trends;

public sealed class TrendWeeksTests
{
    private static readonly DateOnly FirstWeek = new(2024, 1, 1); // a Monday

    private static TrendTotals Units(long units, long views = 100, long cartAdds = 10) => new(units, units / 10, views, 0, cartAdds, 0);

    [Fact]
    public void Growth_compares_with_the_mean_of_the_four_weeks_before_and_the_week_a_year_before()
    {
        var totals = new Dictionary<DateOnly, TrendTotals>();
        for (int w = 0; w < 60; w++)
        {
            totals[FirstWeek.AddDays(7 * w)] = Units(10 + w);
        }

        var week = FirstWeek.AddDays(7 * 56);
        var described = Assert.Single(TrendWeeks.Describe(totals, [week], FirstWeek));

        Assert.Equal(66 / ((62 + 63 + 64 + 65) / 4.0) - 1, described.UnitsGrowth4Weeks!.Value, 12);
        Assert.Equal((66 / 14.0) - 1, described.UnitsGrowthYear!.Value, 12); // week 56 against week 4
        Assert.Equal(0.66, described.UnitsPerView!.Value, 12);
        Assert.Equal(6.6, described.UnitsPerCartAdd!.Value, 12);
        Assert.Equal(6 / 66.0, described.ReturnRate!.Value, 12);
        Assert.Equal(0, described.InterestGrowthYear!.Value, 12); // interest is 110 every week
    }

    [Fact]
    public void A_week_without_a_row_is_zero_and_a_comparison_before_the_data_is_null()
    {
        var totals = new Dictionary<DateOnly, TrendTotals> { [FirstWeek.AddDays(7 * 4)] = Units(5) };

        var described = TrendWeeks.Describe(totals, [FirstWeek.AddDays(7 * 3), FirstWeek.AddDays(7 * 4), FirstWeek.AddDays(7 * 5)], FirstWeek);

        Assert.Null(described[0].UnitsGrowth4Weeks); // needs week -1
        Assert.Null(described[1].UnitsGrowth4Weeks); // the 4 weeks before exist but sold nothing: undefined, not infinite
        Assert.Equal(0, described[2].Totals.Units);
        Assert.Equal(0.25 * 0 / 1.25, described[2].UnitsGrowth4Weeks!.Value - -1, 12); // 0 against a mean of 1.25: -100 %
        Assert.Null(described[2].ReturnRate);
        Assert.All(described, d => Assert.Null(d.UnitsGrowthYear));
    }

    [Fact]
    public void Iso_weeks_are_named_by_their_monday()
    {
        Assert.Equal(new DateOnly(2025, 1, 13), IsoWeeks.Monday(new DateOnly(2025, 1, 19)));
        Assert.Equal(new DateOnly(2025, 1, 13), IsoWeeks.LastComplete(new DateOnly(2025, 1, 19))); // a Sunday ends its week
        Assert.Equal(new DateOnly(2025, 1, 6), IsoWeeks.LastComplete(new DateOnly(2025, 1, 18)));
        Assert.Equal("2025-W03", IsoWeeks.Name(new DateOnly(2025, 1, 13)));
        Assert.Equal("2026-W01", IsoWeeks.Name(new DateOnly(2025, 12, 29)));
    }
}
