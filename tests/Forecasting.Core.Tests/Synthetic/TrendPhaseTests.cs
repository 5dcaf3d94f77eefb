using Forecasting.Core.Synthetic;

namespace Forecasting.Core.Tests.Synthetic;

public sealed class TrendPhaseTests
{
    // Interest starts 2025-03-01 in the first region, 2025-03-06 in the second; sales follow 10 days later.
    private static readonly TrendTruth Trend = new(new DateOnly(2025, 3, 1), 10, 2, [0, 5]);

    [Theory]
    [InlineData("2025-02-28", false)] // interest has not started anywhere
    [InlineData("2025-03-01", true)]
    [InlineData("2025-03-19", true)]  // second region's sales midpoint 03-16, 90 % at +3.3 days
    [InlineData("2025-03-20", false)]
    public void A_trend_is_under_way_from_its_first_interest_to_the_end_of_its_last_sales_ramp(string day, bool underWay) =>
        Assert.Equal(underWay, TrendPhase.SalesRampUnderWay(Trend, DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void The_default_generator_finishes_every_trend_inside_the_history_and_a_margin_of_one_day_does_not()
    {
        var complete = SyntheticPlatform.Create(new GeneratorOptions { Skus = 400, Days = 120, Seed = 3 });
        var open = SyntheticPlatform.Create(new GeneratorOptions { Skus = 400, Days = 120, Seed = 3, TrendEndMarginDays = 1 });

        Assert.Equal(0, TrendPhase.UnderWay(complete.Truth, complete.Options.End));
        Assert.True(TrendPhase.UnderWay(open.Truth, open.Options.End) > 0);
        Assert.Equal(complete.Catalog, open.Catalog); // only trend start days differ
        Assert.Throws<ArgumentException>(() => SyntheticPlatform.Create(new GeneratorOptions { TrendEndMarginDays = 0 }));
    }
}
