using Forecasting.Core.Forecasting;

namespace Forecasting.Core.Tests.Forecasting;

public class NormalDistributionTests
{
    [Theory]
    [InlineData(0.5, 0.0)]
    [InlineData(0.9, 1.2815515655446004)] // qnorm(0.9) in R, NormalDist().inv_cdf in Python
    [InlineData(0.975, 1.959963984540054)] // qnorm(0.975)
    [InlineData(0.8, 0.8416212335729143)] // qnorm(0.8)
    [InlineData(1e-10, -6.361340902404056)] // qnorm(1e-10): the far tail branch
    public void Inverse_cdf_matches_reference_values(double p, double z) =>
        Assert.Equal(z, NormalDistribution.InverseCdf(p), 13);

    [Fact]
    public void Inverse_cdf_is_antisymmetric_and_increasing()
    {
        Assert.Equal(-NormalDistribution.InverseCdf(0.9), NormalDistribution.InverseCdf(0.1), 14);
        double previous = double.NegativeInfinity;
        for (double p = 1e-12; p < 1; p += 0.0137)
        {
            double z = NormalDistribution.InverseCdf(p);
            Assert.True(double.IsFinite(z) && z > previous, $"z({p}) = {z} after {previous}");
            previous = z;
        }
    }

    [Fact]
    public void Bounds_give_infinities_and_outside_gives_nan()
    {
        Assert.Equal(double.NegativeInfinity, NormalDistribution.InverseCdf(0));
        Assert.Equal(double.PositiveInfinity, NormalDistribution.InverseCdf(1));
        Assert.True(double.IsNaN(NormalDistribution.InverseCdf(1.5)));
        Assert.True(double.IsNaN(NormalDistribution.InverseCdf(-0.1)));
        Assert.True(double.IsNaN(NormalDistribution.InverseCdf(double.NaN)));
    }
}
