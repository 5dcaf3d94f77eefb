namespace Forecasting.Core.Trends;

/// <summary>
/// An approximate p10-p90 of a sum of forecasts (a group's week: many series x days). Each row's spread is read
/// as a normal one, sigma = (p90 - p10) / (2 z0.9); the rows are taken as independent, so the variances add:
/// sum sigma^2. The sum's p10/p90 are mean -/+ z0.9 sqrt(sum sigma^2), p10 floored at 0.
/// <para>
/// This is an approximation until forecasts are reconciled with a joint spread: independence understates the spread
/// of series that move together (a trend lifts a colour's items at once), and the normal shape overstates the low
/// side of skewed, intermittent series (hence the floor). The sum of means is exact.
/// </para>
/// </summary>
public static class ForecastSpread
{
    /// <summary>The standard normal 0.9 quantile.</summary>
    public const double Z90 = 1.2815515655446004;

    /// <summary>The variance one row adds, from its p10 and p90.</summary>
    public static double Variance(double p10, double p90)
    {
        double sigma = Math.Max(0, p90 - p10) / (2 * Z90);
        return sigma * sigma;
    }

    /// <summary>The mean and approximate p10-p90 of the sum of <paramref name="rows"/> (means added, variances added).</summary>
    public static (double Mean, double P10, double P90) Sum(IEnumerable<(double Mean, double P10, double P90)> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        double mean = 0, variance = 0;
        foreach (var (m, p10, p90) in rows)
        {
            mean += m;
            variance += Variance(p10, p90);
        }

        var (low, high) = Band(mean, variance);
        return (mean, low, high);
    }

    /// <summary>The p10 and p90 of a sum with mean <paramref name="mean"/> and summed variance <paramref name="variance"/>.</summary>
    public static (double P10, double P90) Band(double mean, double variance)
    {
        double half = Z90 * Math.Sqrt(Math.Max(0, variance));
        return (Math.Max(0, mean - half), mean + half);
    }
}
