namespace Forecasting.Core.Ssa;

/// <summary>Finds the dominant period of a series from its autocorrelation function.</summary>
public static class SeasonDetector
{
    /// <summary>
    /// The lag in [2, maxLag] with the highest autocorrelation among local maxima that exceed the
    /// approximate 95 % band 1.96 / sqrt(n); <paramref name="hint"/> (e.g. 7 for daily data) wins when it
    /// is itself significant. Returns 1 when nothing is significant or the series is constant.
    /// </summary>
    public static int DominantPeriod(ReadOnlySpan<double> x, int hint, int maxLag, Span<double> scratch)
    {
        int n = x.Length;
        maxLag = Math.Min(maxLag, (n / 3) - 1);
        if (maxLag < 2)
        {
            return 1;
        }

        double mean = 0;
        foreach (double v in x)
        {
            mean += v;
        }

        mean /= n;
        double variance = 0;
        foreach (double v in x)
        {
            variance += (v - mean) * (v - mean);
        }

        if (variance <= 0)
        {
            return 1;
        }

        var acf = scratch[..(maxLag + 2)];
        for (int lag = 1; lag <= Math.Min(maxLag + 1, n - 1); lag++)
        {
            double sum = 0;
            for (int t = lag; t < n; t++)
            {
                sum += (x[t] - mean) * (x[t - lag] - mean);
            }

            acf[lag] = sum / variance;
        }

        double band = 1.96 / Math.Sqrt(n);
        if (hint >= 2 && hint <= maxLag && acf[hint] > band)
        {
            return hint;
        }

        int best = 1;
        double bestValue = band;
        for (int lag = 2; lag <= maxLag; lag++)
        {
            if (acf[lag] > bestValue && acf[lag] >= acf[lag - 1] && acf[lag] >= acf[lag + 1])
            {
                best = lag;
                bestValue = acf[lag];
            }
        }

        return best;
    }
}
