using Forecasting.Core.Hierarchy;

namespace Forecasting.Core.Tests.Hierarchy;

public sealed class CellSharesTests
{
    [Fact]
    public void With_a_diagonal_covariance_the_gap_goes_in_proportion_to_each_childs_error_variance()
    {
        // Mean squares 1 and 9 (errors +-1 and +-3); values (1, 2), total 7: the gap 4 goes 1/10 and 9/10 -> (1.4, 5.6).
        var covariance = new ShrunkCovariance([[1, -1, 1, -1], [3, -3, 3, -3]], lambda: 1);
        double[] values = [1, 2];

        new CellShares(covariance).ShareInPlace(values, 7);

        Assert.Equal(1.4, values[0], 12);
        Assert.Equal(5.6, values[1], 12);
    }

    [Fact]
    public void A_child_pushed_below_zero_stops_at_zero_and_the_rest_of_the_gap_goes_to_the_others()
    {
        // Equal variances, values (1, 5), total 2: the gap -4 halves to (-1, 3); the first stops at 0 and the second takes the
        // remaining -1: (0, 2).
        var covariance = new ShrunkCovariance([[1, -1, 1, -1], [1, 1, -1, -1]], lambda: 1);
        double[] values = [1, 5];

        new CellShares(covariance).ShareInPlace(values, 2);

        Assert.Equal(0, values[0], 12);
        Assert.Equal(2, values[1], 12);
    }

    [Fact]
    public void Children_without_error_variance_share_the_gap_in_proportion_to_their_forecasts()
    {
        var covariance = new ShrunkCovariance([[0, 0, 0], [0, 0, 0]]);
        double[] values = [1, 3];

        new CellShares(covariance).ShareInPlace(values, 8);

        Assert.Equal(2, values[0], 12);
        Assert.Equal(6, values[1], 12);
    }
}
