namespace Forecasting.Core.Simulation;

/// <summary>Trailing demand statistics of one SKU, from days before the one asked about only (what was known then).</summary>
internal static class DemandHistory
{
    /// <summary>Mean daily units over [day - lookback, day) of the given regions (fewer days at the start of the data).</summary>
    public static double Mean(int[][] demand, IReadOnlyList<int> regions, int day, int lookback)
    {
        int from = Math.Max(0, day - lookback);
        if (day <= from)
        {
            return 0;
        }

        long sum = 0;
        for (int i = 0; i < regions.Count; i++)
        {
            int r = regions[i];
            for (int t = from; t < day; t++)
            {
                sum += demand[r][t];
            }
        }

        return (double)sum / (day - from);
    }

    /// <summary>Mean and standard deviation of the network's daily units over [day - lookback, day).</summary>
    public static (double Mean, double StdDev) Network(int[][] demand, int day, int lookback)
    {
        int from = Math.Max(0, day - lookback), n = day - from;
        if (n <= 0)
        {
            return (0, 0);
        }

        double sum = 0, squares = 0;
        for (int t = from; t < day; t++)
        {
            double total = 0;
            for (int r = 0; r < demand.Length; r++)
            {
                total += demand[r][t];
            }

            sum += total;
            squares += total * total;
        }

        double mean = sum / n;
        return (mean, Math.Sqrt(Math.Max(0, (squares / n) - (mean * mean))));
    }
}
