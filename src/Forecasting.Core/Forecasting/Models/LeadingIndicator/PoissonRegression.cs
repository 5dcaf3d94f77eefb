namespace Forecasting.Core.Forecasting.Models.LeadingIndicator;

/// <summary>
/// Ridge-penalised Poisson regression with a log link and an offset, fitted by Newton's method (IRLS):
/// E[y] = exp(offset + x'beta). Minimises sum w (exp(eta) - y eta) + lambda/2 |beta without intercept|^2.
/// With an intercept (column 0 all ones) the fitted total equals the observed total on the training rows,
/// so the fit is unbiased in aggregate even where most counts are zero (the long tail).
/// </summary>
public static class PoissonRegression
{
    private const double MaxEta = 30;

    /// <param name="x">Row-major features, <paramref name="features"/> per row, column 0 the intercept (1).</param>
    /// <param name="y">Counts (any non-negative value).</param>
    /// <param name="offset">Log exposure per row.</param>
    /// <param name="weight">Row weights (inverse sampling probabilities).</param>
    /// <returns>The coefficients, <paramref name="features"/> values.</returns>
    public static double[] Fit(ReadOnlySpan<double> x, int features, ReadOnlySpan<double> y, ReadOnlySpan<double> offset, ReadOnlySpan<double> weight, double lambda, int maxIterations = 25)
    {
        int n = y.Length, p = features;
        if (x.Length != n * p || offset.Length != n || weight.Length != n)
        {
            throw new ArgumentException("Poisson regression: x, y, offset and weights disagree in length.");
        }

        var beta = new double[p];
        double sumY = 0, sumE = 0;
        for (int i = 0; i < n; i++)
        {
            sumY += weight[i] * y[i];
            sumE += weight[i] * Math.Exp(Math.Min(MaxEta, offset[i]));
        }

        if (n == 0 || sumY <= 0 || sumE <= 0)
        {
            beta[0] = sumY <= 0 ? -MaxEta / 3 : 0;
            return beta;
        }

        beta[0] = Math.Log(sumY / sumE);
        var hessian = new double[p * p];
        var gradient = new double[p];
        var step = new double[p];
        var trial = new double[p];
        var blocks = new NormalEquations(p);
        var exps = new double[n]; // exp(eta) of every row at beta: the objective's, reused by the next Newton step
        var trialExps = new double[n];
        double current = Objective(x, p, y, offset, weight, beta, lambda, exps);
        for (int iteration = 0; iteration < maxIterations; iteration++)
        {
            Array.Clear(hessian);
            Array.Clear(gradient);
            blocks.Accumulate(x, y, weight, exps, hessian, gradient);
            for (int a = 0; a < p; a++)
            {
                for (int b = 0; b < a; b++)
                {
                    hessian[(b * p) + a] = hessian[(a * p) + b];
                }

                if (a > 0)
                {
                    hessian[(a * p) + a] += lambda;
                    gradient[a] += lambda * beta[a];
                }
                else
                {
                    hessian[0] += 1e-9;
                }
            }

            if (!Cholesky.Solve(hessian, gradient, step, p))
            {
                break;
            }

            // Step halving keeps every accepted step a descent (the Poisson objective is convex, so it converges).
            double scale = 1, next = double.PositiveInfinity;
            for (int halving = 0; halving < 20; halving++)
            {
                for (int a = 0; a < p; a++)
                {
                    trial[a] = beta[a] - (scale * step[a]);
                }

                next = Objective(x, p, y, offset, weight, trial, lambda, trialExps);
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

            Array.Copy(trial, beta, p);
            (exps, trialExps) = (trialExps, exps);
            bool converged = current - next < 1e-9 * Math.Max(1, Math.Abs(current));
            current = next;
            if (converged)
            {
                break;
            }
        }

        return beta;
    }

    /// <summary>The linear predictor x'beta (without the offset).</summary>
    public static double Dot(ReadOnlySpan<double> row, ReadOnlySpan<double> beta)
    {
        double sum = 0;
        for (int a = 0; a < beta.Length; a++)
        {
            sum += row[a] * beta[a];
        }

        return sum;
    }

    /// <summary>The penalised objective at <paramref name="beta"/>; <paramref name="exps"/> receives each row's exp(eta).</summary>
    private static double Objective(ReadOnlySpan<double> x, int p, ReadOnlySpan<double> y, ReadOnlySpan<double> offset, ReadOnlySpan<double> weight, double[] beta, double lambda, Span<double> exps)
    {
        double sum = 0;
        for (int i = 0; i < y.Length; i++)
        {
            double eta = Math.Min(MaxEta, offset[i] + Dot(x.Slice(i * p, p), beta));
            double exp = Math.Exp(eta);
            exps[i] = exp;
            sum += weight[i] * (exp - (y[i] * eta));
        }

        for (int a = 1; a < p; a++)
        {
            sum += lambda / 2 * beta[a] * beta[a];
        }

        return sum;
    }

    private static class Cholesky
    {
        /// <summary>Solves A s = g for a symmetric positive definite A (destroyed); false when A is not.</summary>
        public static bool Solve(double[] a, double[] g, double[] s, int p)
        {
            for (int j = 0; j < p; j++)
            {
                double d = a[(j * p) + j];
                for (int k = 0; k < j; k++)
                {
                    d -= a[(j * p) + k] * a[(j * p) + k];
                }

                if (!(d > 0))
                {
                    return false;
                }

                d = Math.Sqrt(d);
                a[(j * p) + j] = d;
                for (int i = j + 1; i < p; i++)
                {
                    double v = a[(i * p) + j];
                    for (int k = 0; k < j; k++)
                    {
                        v -= a[(i * p) + k] * a[(j * p) + k];
                    }

                    a[(i * p) + j] = v / d;
                }
            }

            for (int i = 0; i < p; i++)
            {
                double v = g[i];
                for (int k = 0; k < i; k++)
                {
                    v -= a[(i * p) + k] * s[k];
                }

                s[i] = v / a[(i * p) + i];
            }

            for (int i = p - 1; i >= 0; i--)
            {
                double v = s[i];
                for (int k = i + 1; k < p; k++)
                {
                    v -= a[(k * p) + i] * s[k];
                }

                s[i] = v / a[(i * p) + i];
            }

            return true;
        }
    }
}
