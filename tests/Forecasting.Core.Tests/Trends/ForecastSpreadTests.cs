using Forecasting.Core.Trends;

namespace Forecasting.Core.Tests.Trends;

public sealed class ForecastSpreadTests
{
    [Fact]
    public void Independent_normal_rows_add_their_variances()
    {
        // Two rows N(10, 1) and N(20, 2^2): p90 - p10 = 2 x 1.28155 sigma. Their sum is N(30, 5).
        double v1 = ForecastSpread.Variance(10 - ForecastSpread.Z90, 10 + ForecastSpread.Z90);
        double v2 = ForecastSpread.Variance(20 - (2 * ForecastSpread.Z90), 20 + (2 * ForecastSpread.Z90));

        var (p10, p90) = ForecastSpread.Band(30, v1 + v2);

        Assert.Equal(1, v1, 12);
        Assert.Equal(4, v2, 12);
        Assert.Equal(30 - (1.2815515655446004 * Math.Sqrt(5)), p10, 12);
        Assert.Equal(30 + (1.2815515655446004 * Math.Sqrt(5)), p90, 12);
    }

    [Fact]
    public void The_low_quantile_is_floored_at_zero_and_a_crossed_row_adds_nothing()
    {
        Assert.Equal(0, ForecastSpread.Band(1, 100).P10);
        Assert.Equal(0, ForecastSpread.Variance(5, 3));
    }
}
