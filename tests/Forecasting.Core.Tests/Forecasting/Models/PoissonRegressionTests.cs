using Forecasting.Core.Forecasting.Models.LeadingIndicator;

namespace Forecasting.Core.Tests.Forecasting.Models;

public class PoissonRegressionTests
{
    /// <summary>Rows of an intercept and <paramref name="features"/> - 1 standard-normal-ish features; counts Poisson around exp(offset + x'beta).</summary>
    private static (double[] X, double[] Y, double[] Offset, double[] Weight) Data(int rows, int features, int seed)
    {
        var random = new Random(seed);
        var beta = new double[features];
        for (int a = 1; a < features; a++)
        {
            beta[a] = (random.NextDouble() - 0.5) * 0.6;
        }

        var x = new double[rows * features];
        var y = new double[rows];
        var offset = new double[rows];
        var weight = new double[rows];
        for (int i = 0; i < rows; i++)
        {
            x[i * features] = 1;
            double eta = -0.5;
            for (int a = 1; a < features; a++)
            {
                double v = (random.NextDouble() + random.NextDouble() + random.NextDouble() - 1.5) * 2;
                x[(i * features) + a] = v;
                eta += v * beta[a];
            }

            offset[i] = Math.Log(0.1 + (5 * random.NextDouble()));
            weight[i] = random.NextDouble() < 0.5 ? 1 : 1.6;
            double mean = Math.Exp(offset[i] + eta), p = Math.Exp(-mean), u = random.NextDouble(), k = 0;
            for (double cumulative = p; u > cumulative && k < 500; cumulative += p)
            {
                k++;
                p *= mean / k;
            }

            y[i] = k;
        }

        return (x, y, offset, weight);
    }

    [Theory]
    [InlineData(1, 7, 777)]
    [InlineData(2, 24, 5_003)]
    [InlineData(3, 24, 256)]
    [InlineData(4, 5, 3)]
    public void The_blocked_fit_gives_the_coefficients_of_the_row_by_row_newton_fit(int seed, int features, int rows)
    {
        var (x, y, offset, weight) = Data(rows, features, seed);

        var fast = PoissonRegression.Fit(x, features, y, offset, weight, 10);
        var reference = ReferenceFit(x, features, y, offset, weight, 10);

        for (int a = 0; a < features; a++)
        {
            Assert.True(Math.Abs(fast[a] - reference[a]) <= 1e-9 * Math.Max(1, Math.Abs(reference[a])), $"coefficient {a}: {fast[a]} vs {reference[a]}");
        }
    }

    [Theory]
    [InlineData(5, 7, 300)]
    [InlineData(6, 24, 1_000)]
    [InlineData(7, 13, 129)]
    [InlineData(8, 1, 5)]
    public void The_tiled_normal_equations_are_bit_for_bit_the_row_by_row_sums(int seed, int features, int rows)
    {
        var (x, y, offset, weight) = Data(rows, features, seed);
        var random = new Random(seed);
        var beta = Enumerable.Range(0, features).Select(_ => (random.NextDouble() - 0.5) * 0.2).ToArray();
        var hessian = Enumerable.Range(0, features * features).Select(_ => random.NextDouble()).ToArray();
        var gradient = Enumerable.Range(0, features).Select(_ => random.NextDouble()).ToArray();
        var expectedHessian = (double[])hessian.Clone();
        var expectedGradient = (double[])gradient.Clone();
        var exps = new double[rows];
        for (int i = 0; i < rows; i++)
        {
            var row = x.AsSpan(i * features, features);
            exps[i] = Math.Exp(Math.Min(30, offset[i] + PoissonRegression.Dot(row, beta)));
            double mu = Math.Exp(Math.Min(30, offset[i] + PoissonRegression.Dot(row, beta))) * weight[i];
            double residual = mu - (weight[i] * y[i]);
            for (int a = 0; a < features; a++)
            {
                expectedGradient[a] += residual * row[a];
                double mra = mu * row[a];
                for (int b = 0; b <= a; b++)
                {
                    expectedHessian[(a * features) + b] += mra * row[b];
                }
            }
        }

        new NormalEquations(features).Accumulate(x, y, weight, exps, hessian, gradient);

        Assert.Equal(expectedGradient, gradient);
        Assert.Equal(expectedHessian, hessian);
    }

    [Fact]
    public void The_fit_recovers_the_coefficients_that_made_the_counts()
    {
        const int features = 3;
        var random = new Random(41);
        int rows = 20_000;
        var x = new double[rows * features];
        var y = new double[rows];
        var offset = new double[rows];
        var weight = new double[rows];
        for (int i = 0; i < rows; i++)
        {
            x[i * features] = 1;
            x[(i * features) + 1] = random.NextDouble() - 0.5;
            x[(i * features) + 2] = random.NextDouble() - 0.5;
            weight[i] = 1;
            double mean = Math.Exp(1 + (0.8 * x[(i * features) + 1]) - (0.4 * x[(i * features) + 2])), p = Math.Exp(-mean), u = random.NextDouble(), k = 0;
            for (double cumulative = p; u > cumulative; cumulative += p)
            {
                k++;
                p *= mean / k;
            }

            y[i] = k;
        }

        var beta = PoissonRegression.Fit(x, features, y, offset, weight, 0);

        Assert.InRange(beta[0], 0.97, 1.03);
        Assert.InRange(beta[1], 0.7, 0.9);
        Assert.InRange(beta[2], -0.5, -0.3);
    }

    /// <summary>The fit as first written: the Hessian and gradient summed row by row, scalar (kept here as the reference).</summary>
    private static double[] ReferenceFit(double[] x, int p, double[] y, double[] offset, double[] weight, double lambda)
    {
        int n = y.Length;
        var beta = new double[p];
        double sumY = 0, sumE = 0;
        for (int i = 0; i < n; i++)
        {
            sumY += weight[i] * y[i];
            sumE += weight[i] * Math.Exp(Math.Min(30, offset[i]));
        }

        beta[0] = Math.Log(sumY / sumE);
        double current = Objective(beta);
        for (int iteration = 0; iteration < 25; iteration++)
        {
            var hessian = new double[p * p];
            var gradient = new double[p];
            for (int i = 0; i < n; i++)
            {
                double mu = Math.Exp(Math.Min(30, offset[i] + Dot(i, beta))) * weight[i];
                double residual = mu - (weight[i] * y[i]);
                for (int a = 0; a < p; a++)
                {
                    gradient[a] += residual * x[(i * p) + a];
                    for (int b = 0; b < p; b++)
                    {
                        hessian[(a * p) + b] += mu * x[(i * p) + a] * x[(i * p) + b];
                    }
                }
            }

            for (int a = 1; a < p; a++)
            {
                hessian[(a * p) + a] += lambda;
                gradient[a] += lambda * beta[a];
            }

            hessian[0] += 1e-9;
            var step = Solve(hessian, gradient, p);
            double scale = 1, next = double.PositiveInfinity;
            var trial = new double[p];
            for (int halving = 0; halving < 20; halving++)
            {
                for (int a = 0; a < p; a++)
                {
                    trial[a] = beta[a] - (scale * step[a]);
                }

                next = Objective(trial);
                if (next <= current)
                {
                    break;
                }

                scale /= 2;
            }

            if (!(next <= current))
            {
                break;
            }

            bool converged = current - next < 1e-9 * Math.Max(1, Math.Abs(current));
            Array.Copy(trial, beta, p);
            current = next;
            if (converged)
            {
                break;
            }
        }

        return beta;

        double Dot(int i, double[] b)
        {
            double sum = 0;
            for (int a = 0; a < p; a++)
            {
                sum += x[(i * p) + a] * b[a];
            }

            return sum;
        }

        double Objective(double[] b)
        {
            double sum = 0;
            for (int i = 0; i < n; i++)
            {
                double eta = Math.Min(30, offset[i] + Dot(i, b));
                sum += weight[i] * (Math.Exp(eta) - (y[i] * eta));
            }

            for (int a = 1; a < p; a++)
            {
                sum += lambda / 2 * b[a] * b[a];
            }

            return sum;
        }
    }

    /// <summary>Gaussian elimination with partial pivoting (a different solver from the product's Cholesky).</summary>
    private static double[] Solve(double[] matrix, double[] right, int p)
    {
        var a = (double[])matrix.Clone();
        var b = (double[])right.Clone();
        for (int k = 0; k < p; k++)
        {
            int pivot = k;
            for (int i = k + 1; i < p; i++)
            {
                if (Math.Abs(a[(i * p) + k]) > Math.Abs(a[(pivot * p) + k]))
                {
                    pivot = i;
                }
            }

            for (int j = 0; j < p; j++)
            {
                (a[(k * p) + j], a[(pivot * p) + j]) = (a[(pivot * p) + j], a[(k * p) + j]);
            }

            (b[k], b[pivot]) = (b[pivot], b[k]);
            for (int i = k + 1; i < p; i++)
            {
                double f = a[(i * p) + k] / a[(k * p) + k];
                for (int j = k; j < p; j++)
                {
                    a[(i * p) + j] -= f * a[(k * p) + j];
                }

                b[i] -= f * b[k];
            }
        }

        var s = new double[p];
        for (int i = p - 1; i >= 0; i--)
        {
            double v = b[i];
            for (int j = i + 1; j < p; j++)
            {
                v -= a[(i * p) + j] * s[j];
            }

            s[i] = v / a[(i * p) + i];
        }

        return s;
    }
}
