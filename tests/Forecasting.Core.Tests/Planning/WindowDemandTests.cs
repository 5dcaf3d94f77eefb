using Forecasting.Core.Forecasting;
using Forecasting.Core.Planning;

namespace Forecasting.Core.Tests.Planning;

public class WindowDemandTests
{
    [Fact]
    public void The_normal_sum_matches_a_Monte_Carlo_sum_of_independent_days()
    {
        double[] mean = [.. Enumerable.Range(0, 14).Select(d => 5.0 + (d % 7))];
        double[] sd = [.. mean.Select(m => 0.4 * m)];
        double z = NormalDistribution.InverseCdf(0.9);
        double[] p10 = [.. mean.Zip(sd, (m, s) => m - (z * s))];
        double[] p90 = [.. mean.Zip(sd, (m, s) => m + (z * s))];
        var window = WindowDemand.Sum(mean, p10, p90, 14);

        var random = new Random(3);
        var sums = new double[200_000];
        for (int i = 0; i < sums.Length; i++)
        {
            for (int d = 0; d < 14; d++)
            {
                double u1 = 1 - random.NextDouble(), u2 = random.NextDouble();
                sums[i] += mean[d] + (sd[d] * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
            }
        }

        Array.Sort(sums);
        foreach (double level in new[] { 0.5, 0.8, 0.9, 0.95 })
        {
            Assert.Equal(sums[(int)(level * sums.Length)], window.Quantile(level), 0.01 * window.Mean);
        }

        double shortage = sums.Select(s => Math.Max(0, s - window.Quantile(0.9))).Average();
        Assert.Equal(shortage, window.ExpectedShortage(window.Quantile(0.9)), 0.02);
    }

    [Fact]
    public void The_loss_function_has_its_known_values()
    {
        Assert.Equal(0.398942, NormalDistribution.Loss(0), 5);
        Assert.Equal(0.083315, NormalDistribution.Loss(1), 5);
        Assert.Equal(1.083315, NormalDistribution.Loss(-1), 5);
        Assert.Equal(0.841345, NormalDistribution.Cdf(1), 6);
    }
}
