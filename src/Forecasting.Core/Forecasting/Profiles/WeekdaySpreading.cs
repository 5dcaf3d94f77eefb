using Forecasting.Core.Domain;

namespace Forecasting.Core.Forecasting.Profiles;

/// <summary>
/// Spreads a daily forecast over the weekdays with a parent's profile: the forecast's average day is kept as the
/// level (so the horizon's total is unchanged when the horizon is whole weeks) and step t gets level x 7 x
/// share(weekday of t). Quantiles are scaled by the same factor as the mean at that step; a weekday the parent
/// never trades on gets 0 for the mean and every quantile.
/// </summary>
public static class WeekdaySpreading
{
    public static SeriesForecast Spread(SeriesForecast forecast, IReadOnlyList<double> shares)
    {
        ArgumentNullException.ThrowIfNull(forecast);
        ArgumentNullException.ThrowIfNull(shares);
        if (forecast.Granularity != Granularity.Day || shares.Count != 7)
        {
            return forecast;
        }

        int h = forecast.Horizon, levels = forecast.QuantileLevels.Count;
        var source = forecast.Mean;
        double level = 0, weight = 0;
        for (int t = 0; t < h; t++)
        {
            level += source[t];
            weight += shares[(int)forecast.TargetDate(t).DayOfWeek];
        }

        if (weight <= 0)
        {
            return forecast;
        }

        // The average day, with the weekdays of this horizon weighted as they fall (a 10-day horizon may hold two Saturdays).
        double perShare = level / weight;
        var mean = new double[h];
        var quantiles = new double[levels * h];
        for (int t = 0; t < h; t++)
        {
            double share = shares[(int)forecast.TargetDate(t).DayOfWeek];
            mean[t] = perShare * share;
            double ratio = source[t] > 0 ? mean[t] / source[t] : h * share / weight;
            for (int l = 0; l < levels; l++)
            {
                quantiles[(l * h) + t] = forecast.Quantile(l)[t] * ratio;
            }
        }

        return new SeriesForecast(forecast.Key, forecast.Model, forecast.Granularity, forecast.FirstTarget, mean, forecast.QuantileLevels, quantiles) { Choice = forecast.Choice };
    }
}
