using Forecasting.Core.Forecasting;

namespace Forecasting.Core.Planning;

/// <summary>
/// Demand over a protection window as a normal distribution, from daily forecasts with p10 and p90: the
/// mean is the sum of the daily means; each day's standard deviation is (p90 - p10) / (2 z0.9) and days
/// are taken as independent, so variances add. (Our models give quantiles, not sample paths; independence
/// understates the spread when days are positively correlated, which the Monte Carlo test quantifies.)
/// </summary>
public readonly record struct WindowDemand(double Mean, double StdDev)
{
    private static readonly double Z90 = NormalDistribution.InverseCdf(0.9);

    public static WindowDemand Sum(ReadOnlySpan<double> mean, ReadOnlySpan<double> p10, ReadOnlySpan<double> p90, int days)
    {
        int n = Math.Min(days, mean.Length);
        double mu = 0, variance = 0;
        for (int d = 0; d < n; d++)
        {
            mu += Math.Max(0, mean[d]);
            double sd = Math.Max(0, p90[d] - p10[d]) / (2 * Z90);
            variance += sd * sd;
        }

        return new WindowDemand(mu, Math.Sqrt(variance));
    }

    /// <summary>The window demand a proposal recorded as its mean and p90 (p90 = mean + z0.9 sd is never clamped at 0,
    /// unlike p10, so it gives the spread back exactly).</summary>
    public static WindowDemand FromMeanAndP90(double mean, double p90) => new(mean, Math.Max(0, (p90 - mean) / Z90));

    public WindowDemand Add(WindowDemand other) => new(Mean + other.Mean, Math.Sqrt((StdDev * StdDev) + (other.StdDev * other.StdDev)));

    /// <summary>The level-quantile of demand over the window (at least 0).</summary>
    public double Quantile(double level) => Math.Max(0, Mean + (StdDev * NormalDistribution.InverseCdf(level)));

    /// <summary>E[(D - stock)+]: expected units short with <paramref name="stock"/> on hand.</summary>
    public double ExpectedShortage(double stock) =>
        StdDev <= 0 ? Math.Max(0, Mean - stock) : StdDev * NormalDistribution.Loss((stock - Mean) / StdDev);
}
