using Forecasting.Core.Trends;

namespace Forecasting.Core.Hierarchy;

/// <summary>
/// The p10, p50 and p90 of a parent from its mean and the variance of the sum of its children. A parent with a large
/// mean is read as normal (<see cref="ForecastSpread.Band"/>, p50 = mean). A small one (a SKU over its regions, mostly
/// days of 0 or 1 unit) is not: a normal band would start above 0 and miss every day without a sale, so its quantiles are
/// those of the count distribution with that mean and variance: negative binomial when the variance exceeds the mean,
/// Poisson otherwise (the quantile is the smallest count whose cumulative probability reaches the level).
/// </summary>
public static class SumQuantiles
{
    /// <summary>Means at or above this are read as normal.</summary>
    public const double NormalFrom = 30;

    public static (double P10, double P50, double P90) Of(double mean, double variance)
    {
        if (!(mean > 0))
        {
            return (0, 0, 0);
        }

        if (mean >= NormalFrom)
        {
            var (low, high) = ForecastSpread.Band(mean, variance);
            return (low, mean, high);
        }

        // P(0) and the ratio P(k+1)/P(k): Poisson (mu / (k+1)) or negative binomial with size r = mu^2 / (var - mu).
        bool poisson = variance <= mean * (1 + 1e-9);
        double r = poisson ? 0 : mean * mean / (variance - mean);
        double p = poisson ? Math.Exp(-mean) : Math.Exp(r * Math.Log(r / (r + mean)));
        double cumulative = p, p10 = double.NaN, p50 = double.NaN;
        for (int k = 0; k < 100_000; k++)
        {
            if (double.IsNaN(p10) && cumulative >= 0.1)
            {
                p10 = k;
            }

            if (double.IsNaN(p50) && cumulative >= 0.5)
            {
                p50 = k;
            }

            if (cumulative >= 0.9)
            {
                return (p10, p50, k);
            }

            p *= poisson ? mean / (k + 1) : (k + r) / (k + 1) * mean / (r + mean);
            cumulative += p;
        }

        var (lower, upper) = ForecastSpread.Band(mean, variance); // a tail too long to walk: the normal reading
        return (lower, mean, upper);
    }
}
