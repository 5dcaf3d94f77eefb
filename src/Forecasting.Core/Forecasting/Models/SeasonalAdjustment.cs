namespace Forecasting.Core.Forecasting.Models;

/// <summary>
/// The M4 benchmarks' seasonal adjustment: a 90 % autocorrelation test for seasonality at lag m
/// (|r_m| &gt; 1.645 sqrt((1 + 2 sum_{k&lt;m} r_k^2) / n)) and, if seasonal, classical multiplicative
/// decomposition (centred moving average of order m, 2 x m when m is even; indices normalised to mean 1).
/// </summary>
internal static class SeasonalAdjustment
{
    /// <summary>Seasonal indices by position (index t % m of the original series), or null when not seasonal
    /// (m &lt; 2, fewer than 3m points, a non-positive value, or the test fails).</summary>
    public static double[]? Indices(ReadOnlySpan<double> y, int m)
    {
        int n = y.Length;
        if (m < 2 || n < 3 * m || !IsSeasonal(y, m))
        {
            return null;
        }

        foreach (double v in y)
        {
            if (v <= 0)
            {
                return null; // multiplicative decomposition needs positive data
            }
        }

        var sums = new double[m];
        var counts = new int[m];
        int half = m / 2;
        for (int t = half; t < n - half; t++)
        {
            double trend;
            if (m % 2 == 1)
            {
                double s = 0;
                for (int k = -half; k <= half; k++)
                {
                    s += y[t + k];
                }

                trend = s / m;
            }
            else
            {
                if (t + half >= n)
                {
                    continue;
                }

                double s = (y[t - half] + y[t + half]) / 2;
                for (int k = -half + 1; k < half; k++)
                {
                    s += y[t + k];
                }

                trend = s / m;
            }

            sums[t % m] += y[t] / trend;
            counts[t % m]++;
        }

        var indices = new double[m];
        for (int i = 0; i < m; i++)
        {
            indices[i] = counts[i] > 0 ? sums[i] / counts[i] : 1;
        }

        double mean = indices.Average();
        for (int i = 0; i < m; i++)
        {
            indices[i] /= mean;
        }

        return indices;
    }

    public static bool IsSeasonal(ReadOnlySpan<double> y, int m)
    {
        int n = y.Length;
        double mean = 0;
        foreach (double v in y)
        {
            mean += v;
        }

        mean /= n;
        double variance = 0;
        foreach (double v in y)
        {
            variance += (v - mean) * (v - mean);
        }

        if (variance == 0)
        {
            return false;
        }

        double sumSquares = 0, rm = 0;
        for (int lag = 1; lag <= m; lag++)
        {
            double s = 0;
            for (int t = lag; t < n; t++)
            {
                s += (y[t] - mean) * (y[t - lag] - mean);
            }

            double r = s / variance;
            if (lag < m)
            {
                sumSquares += r * r;
            }
            else
            {
                rm = r;
            }
        }

        return Math.Abs(rm) > 1.645 * Math.Sqrt((1 + (2 * sumSquares)) / n);
    }
}
