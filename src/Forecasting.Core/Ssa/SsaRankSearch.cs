namespace Forecasting.Core.Ssa;

/// <summary>
/// ML.NET's in-sample rank selection (ssa-spec.md section 2.5): for r = 1..maxRank, the recurrence with
/// the first r eigenvectors is simulated over the last E = min(max(L, 200), K) points from a seed of
/// L - 1 smoothed values; the rank with the smallest sum of absolute errors wins (strict, so ties go to
/// the smaller rank).
/// </summary>
internal static class SsaRankSearch
{
    public static int Exact(double[] x, int l, double[] vectors, int maxRank)
    {
        int n = x.Length, k = n - l + 1;
        int e = Math.Min(Math.Max(l, 200), k);
        var g = new double[l - 1];
        var reconstruction = new double[n];
        var w = new double[k];
        var window = new double[l - 1];
        double nu = 0, best = double.PositiveInfinity;
        int bestRank = -1;
        for (int r = 1; r <= maxRank; r++)
        {
            var u = vectors.AsSpan((r - 1) * l, l);
            nu += Accumulate(g, u, l);
            Trajectory.TransposeTimes(x, u, w);
            Trajectory.AddDiagonalAverage(u, w, reconstruction);
            double m = 0;
            for (int t = 0; t < n; t++)
            {
                m += x[t] - reconstruction[t];
            }

            m /= n;
            reconstruction.AsSpan(n - e - l + 1, l - 1).CopyTo(window);
            double error = Simulate(x, n - e, g, nu, m, window, best);
            if (error < best)
            {
                best = error;
                bestRank = r;
            }
        }

        return bestRank < 0 ? maxRank : bestRank;
    }

    public static int Fast(double[] x, int l, double[] vectors, int maxRank)
    {
        int n = x.Length, k = n - l + 1;
        int e = Math.Min(Math.Max(l, 200), k);
        int origin = n - e - l + 1;
        var lag = x.AsSpan(origin, l);
        var g = new double[l - 1];
        var projection = new double[l];
        var window = new double[l - 1];
        double nu = 0, best = double.PositiveInfinity;
        int bestRank = -1;
        for (int r = 1; r <= maxRank; r++)
        {
            var u = vectors.AsSpan((r - 1) * l, l);
            nu += Accumulate(g, u, l);
            double coefficient = 0;
            for (int i = 0; i < l; i++)
            {
                coefficient += u[i] * lag[i];
            }

            double m = 0;
            for (int i = 0; i < l; i++)
            {
                projection[i] += coefficient * u[i];
            }

            for (int i = 0; i < l - 1; i++)
            {
                m += lag[i] - projection[i];
            }

            m /= l - 1;
            projection.AsSpan(0, l - 1).CopyTo(window);
            double error = Simulate(x, n - e, g, nu, m, window, best);
            if (error < best)
            {
                best = error;
                bestRank = r;
            }
        }

        return bestRank < 0 ? maxRank : bestRank;
    }

    /// <summary>g += pi U[0..L-2]; returns pi^2.</summary>
    private static double Accumulate(double[] g, ReadOnlySpan<double> u, int l)
    {
        double pi = u[l - 1];
        for (int j = 0; j < l - 1; j++)
        {
            g[j] += pi * u[j];
        }

        return pi * pi;
    }

    /// <summary>Recurrent multi-step simulation from <paramref name="start"/> to the end; stops once worse than <paramref name="best"/>.</summary>
    private static double Simulate(double[] x, int start, double[] g, double nu, double m, double[] window, double best)
    {
        int order = window.Length;
        double scale = 1 / (1 - nu);
        double error = 0;
        for (int t = start; t < x.Length; t++)
        {
            double p = 0;
            for (int j = 0; j < order; j++)
            {
                p += g[j] * window[j];
            }

            p = (p * scale) + m;
            Array.Copy(window, 1, window, 0, order - 1);
            window[order - 1] = p;
            error += Math.Abs(x[t] - p);
            if (error > best || double.IsNaN(error))
            {
                return double.IsNaN(error) ? double.PositiveInfinity : error;
            }
        }

        return error;
    }
}
