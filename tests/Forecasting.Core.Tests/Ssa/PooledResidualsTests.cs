using Forecasting.Core.Ssa;
using Forecasting.Core.Synthetic;

namespace Forecasting.Core.Tests.Ssa;

/// <summary>The sliding residual pool gives exactly the quantiles of the explicitly collected and sorted pool.</summary>
public class PooledResidualsTests
{
    [Theory]
    [InlineData(6, 28, 5)] // the usual 168 residuals: sorted by counting ranks
    [InlineData(3, 7, 2)]
    [InlineData(6, 90, 5)] // 540 residuals: sorted by a sort
    public void Quantiles_equal_those_of_the_sorted_pool_at_every_step(int origins, int horizon, int pooling)
    {
        var random = new RandomSource((ulong)(origins * horizon));
        // Rounded values: many ties, as intermittent demand gives.
        double[] residuals = [.. Enumerable.Range(0, origins * horizon).Select(_ => Math.Round(random.Normal(0, 3)) / 2)];
        var pool = new PooledResiduals();
        pool.Reset(residuals, origins, horizon);
        for (int step = 0; step < pooling; step++)
        {
            pool.Toggle(step, add: true);
        }

        for (int k = 0; k < horizon; k++)
        {
            pool.Toggle(k - pooling - 1, add: false);
            pool.Toggle(k + pooling, add: true);
            double[] expected = [.. Enumerable.Range(0, origins * horizon).Where(i => Math.Abs((i % horizon) - k) <= pooling).Select(i => residuals[i]).Order()];

            Assert.Equal(expected.Length, pool.Count);
            foreach (double level in new[] { 0.0, 0.05, 0.1, 0.5, 0.9, 0.975, 1.0 })
            {
                Assert.Equal(SsaEngine.EmpiricalQuantile(expected, level), pool.Quantile(level));
            }
        }
    }
}
