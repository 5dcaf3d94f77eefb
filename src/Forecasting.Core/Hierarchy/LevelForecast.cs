namespace Forecasting.Core.Hierarchy;

/// <summary>The forecast of one series of the hierarchy for steps 1..H: mean and the p10, p50 and p90 quantiles.</summary>
public sealed record LevelForecast(HierarchyKey Key, double[] Mean, double[] P10, double[] P50, double[] P90)
{
    public int Horizon => Mean.Length;
}
