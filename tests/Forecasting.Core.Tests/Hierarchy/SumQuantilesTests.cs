using Forecasting.Core.Hierarchy;
using Forecasting.Core.Trends;

namespace Forecasting.Core.Tests.Hierarchy;

public sealed class SumQuantilesTests
{
    [Fact]
    public void A_small_sum_with_the_variance_of_its_mean_takes_the_poisson_quantiles()
    {
        // Poisson(2): P(0) = 0.1353 (already past 0.1), P(<=1) = 0.4060, P(<=2) = 0.6767, P(<=3) = 0.8571, P(<=4) = 0.9473.
        Assert.Equal((0.0, 2.0, 4.0), SumQuantiles.Of(2, 2));
    }

    [Fact]
    public void An_overdispersed_small_sum_takes_negative_binomial_quantiles_starting_at_zero()
    {
        // Mean 0.5, variance 1.5: size r = 0.25 / 1 = 0.25, P(0) = (0.25 / 0.75)^0.25 = 0.7598, P(1) = P(0) x 0.25 x 0.5 / 0.75 = 0.1266
        // (cumulative 0.8864), P(2) = P(1) x 1.25 / 2 x 2/3 = 0.0528 (0.9391).
        Assert.Equal((0.0, 0.0, 2.0), SumQuantiles.Of(0.5, 1.5));
    }

    [Fact]
    public void A_large_sum_is_read_as_normal_and_no_mean_gives_zeros()
    {
        var (p10, p50, p90) = SumQuantiles.Of(100, 25);

        Assert.Equal((100 - (5 * ForecastSpread.Z90), 100, 100 + (5 * ForecastSpread.Z90)), (p10, p50, p90));
        Assert.Equal((0.0, 0.0, 0.0), SumQuantiles.Of(0, 3));
    }
}
