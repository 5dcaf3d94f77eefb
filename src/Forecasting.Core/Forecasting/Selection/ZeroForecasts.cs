using Forecasting.Core.Domain;

namespace Forecasting.Core.Forecasting.Selection;

/// <summary>The rule that an all-zero forecast of a series that sold in its last season must carry a reason.</summary>
public static class ZeroForecasts
{
    /// <summary>
    /// True when every step of <paramref name="forecast"/>'s mean is 0 (or below) while <paramref name="series"/>
    /// sold in its last season (the last max(season, 7) periods, so a weekly cycle counts as a season for
    /// non-seasonal requests too): such a forecast needs a reason in its <see cref="ModelChoice.Notes"/>.
    /// </summary>
    public static bool IsUnexplained(SeriesForecast forecast, DemandSeries series, int seasonLength)
    {
        ArgumentNullException.ThrowIfNull(forecast);
        ArgumentNullException.ThrowIfNull(series);
        foreach (double m in forecast.Mean)
        {
            if (m > 0)
            {
                return false;
            }
        }

        var values = series.Values;
        int window = Math.Min(values.Length, Math.Max(seasonLength, 7));
        foreach (double v in values[^window..])
        {
            if (v > 0)
            {
                return true;
            }
        }

        return false;
    }
}
