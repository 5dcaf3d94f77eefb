using Forecasting.Core.Forecasting.Profiles;

namespace Forecasting.Core.Forecasting;

/// <summary>What a forecaster is asked for: how far ahead, which quantiles, and the seasonal period.</summary>
public sealed record ForecastRequest
{
    /// <summary>The quantile levels every forecast carries unless asked otherwise: p10, p50, p90.</summary>
    public static IReadOnlyList<double> DefaultQuantileLevels { get; } = [0.1, 0.5, 0.9];

    /// <summary>Periods ahead to forecast, 1 or more.</summary>
    public required int Horizon { get; init; }

    /// <summary>Quantile levels in (0, 1), strictly increasing.</summary>
    /// <value>0.1, 0.5, 0.9.</value>
    public IReadOnlyList<double> QuantileLevels { get; init; } = DefaultQuantileLevels;

    /// <summary>Seasonal period in periods of the series (7 for daily data with a weekly cycle).</summary>
    /// <value>7.</value>
    public int SeasonLength { get; init; } = 7;

    /// <summary>Clamp means and quantiles at zero, as demand cannot be negative.</summary>
    /// <value>true.</value>
    public bool NonNegative { get; init; } = true;

    /// <summary>Day-of-week profiles of the series' parents (e.g. category x region) for sparse daily series;
    /// null lets a forecaster that uses them measure them by region on the batch it is given.</summary>
    /// <value>null.</value>
    public ParentWeekdayProfiles? WeekdayProfiles { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (Horizon < 1)
        {
            throw new ArgumentException($"Horizon must be at least 1 (was {Horizon}).", nameof(Horizon));
        }

        if (SeasonLength < 1)
        {
            throw new ArgumentException($"SeasonLength must be at least 1 (was {SeasonLength}).", nameof(SeasonLength));
        }

        for (int i = 0; i < QuantileLevels.Count; i++)
        {
            double q = QuantileLevels[i];
            if (!(q > 0 && q < 1) || (i > 0 && q <= QuantileLevels[i - 1]))
            {
                throw new ArgumentException($"QuantileLevels must be strictly increasing values in (0, 1); item {i} is {q}.", nameof(QuantileLevels));
            }
        }
    }
}
