using Forecasting.Core.Hierarchy;

namespace Forecasting.Core.Tests.Hierarchy;

public sealed class ShrunkCovarianceTests
{
    private static readonly double[][] Errors =
    [
        [1, -2, 0.5, 3, -1, 2, 0, -0.5],
        [0.8, -1.5, 1, 2.5, -0.5, 1, 0.2, -1],
        [-1, 0.5, 2, -1, 1.5, 0, -2, 1],
        [0, 0, 0, 0, 0, 0, 0, 0],
    ];

    [Fact]
    public void Lambda_equals_the_Schafer_Strimmer_formula_summed_over_every_pair()
    {
        // Reference: the definition (R hts shrink.estim), pair by pair: S = E'E/T uncentred, z = e / sqrt(S_ii),
        // v_ij = (sum_t z_ti^2 z_tj^2 - (sum_t z_ti z_tj)^2 / T) / (T (T - 1)), lambda = sum v_ij / sum r_ij^2 over i != j.
        var active = Errors.Where(e => e.Any(v => v != 0)).ToArray();
        int t = active[0].Length;
        var z = active.Select(e => { double s = Math.Sqrt(e.Sum(v => v * v) / t); return e.Select(v => v / s).ToArray(); }).ToArray();
        double v = 0, d = 0;
        for (int i = 0; i < z.Length; i++)
        {
            for (int j = 0; j < z.Length; j++)
            {
                if (i == j)
                {
                    continue;
                }

                double cross = Enumerable.Range(0, t).Sum(k => z[i][k] * z[j][k]);
                double fourth = Enumerable.Range(0, t).Sum(k => z[i][k] * z[i][k] * z[j][k] * z[j][k]);
                v += (fourth - (cross * cross / t)) / (t * (t - 1.0));
                d += (cross / t) * (cross / t);
            }
        }

        var covariance = new ShrunkCovariance(Errors);

        Assert.Equal(Math.Clamp(v / d, 0, 1), covariance.Lambda, 12);
        Assert.InRange(covariance.Lambda, 0.01, 0.99);
    }

    [Fact]
    public void Products_and_entries_agree_with_the_dense_shrunk_matrix()
    {
        var covariance = new ShrunkCovariance(Errors);
        double[] x = [1, -2, 0.5, 3];
        var product = new double[4];

        covariance.Multiply(x, product);

        for (int i = 0; i < 4; i++)
        {
            double expected = Enumerable.Range(0, 4).Sum(j => covariance.Entry(i, j) * x[j]);
            Assert.Equal(expected, product[i], 12);
        }

        Assert.Equal(Errors[0].Sum(e => e * e) / 8, covariance.Entry(0, 0), 12);
        Assert.Equal((1 - covariance.Lambda) * Errors[0].Zip(Errors[1]).Sum(p => p.First * p.Second) / 8, covariance.Entry(0, 1), 12);
    }

    [Fact]
    public void The_variance_of_a_sum_lies_between_independent_and_perfectly_correlated_series()
    {
        var covariance = new ShrunkCovariance(Errors);
        double[] sigma = [1, 2, 1.5, 0.5];

        double variance = covariance.VarianceOfSum(sigma);

        double dense = 0;
        for (int i = 0; i < 4; i++)
        {
            for (int j = 0; j < 4; j++)
            {
                double scale = Math.Sqrt(covariance.Entry(i, i) * covariance.Entry(j, j));
                dense += i == j ? sigma[i] * sigma[i] : scale == 0 ? 0 : sigma[i] * sigma[j] * covariance.Entry(i, j) / scale;
            }
        }

        Assert.Equal(dense, variance, 10);
        Assert.True(variance > sigma.Sum(s => s * s), $"{variance}: the first two series move together, so the sum varies more than independent ones");
        Assert.True(variance < Math.Pow(sigma.Sum(), 2), $"{variance}: not perfectly correlated");
        Assert.Equal(sigma.Sum(s => s * s), new ShrunkCovariance(Errors, lambda: 1).VarianceOfSum(sigma), 12);
    }
}
