using Forecasting.Core.Domain;

namespace Forecasting.Core.Hierarchy;

/// <summary>
/// In-sample errors that give the reconciliation its covariance. The stored runs keep each series' forecast and
/// cross-validation score but not its per-day errors, so the errors are those of the weekly seasonal naive forecast
/// (<c>y_t - y_{t-7}</c>) over the last days before the cut-off: a linear rule, so a parent's errors are exactly the sum of
/// its children's, and what moves a colour's items together (a trend, a promotion week) shows in them.
/// </summary>
public static class ForecastErrors
{
    /// <summary>Days of errors kept per series (8 weeks).</summary>
    public const int DefaultLength = 56;

    /// <summary>Days between a day and the day its error is measured against (a week).</summary>
    public const int DefaultLag = 7;

    /// <summary>The errors of the last <paramref name="length"/> days up to <paramref name="cutoff"/> (0 where the series has
    /// no day or no day <paramref name="lag"/> days before).</summary>
    /// <param name="lag">7: one-week-ahead errors; a multiple of 7 up to the horizon: errors over that many days ahead, which
    /// also show the level shifts that series share over a horizon.</param>
    public static double[] SeasonalNaive(DemandSeries series, DateOnly cutoff, int length = DefaultLength, int lag = DefaultLag)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(lag, 1);
        var errors = new double[length];
        var values = series.Values;
        int endIndex = cutoff.DayNumber - series.Start.DayNumber; // index of the cut-off day in the series
        for (int k = 0; k < length; k++)
        {
            int i = endIndex - (length - 1 - k);
            if (i - lag >= 0 && i < values.Length)
            {
                errors[k] = values[i] - values[i - lag];
            }
        }

        return errors;
    }
}
