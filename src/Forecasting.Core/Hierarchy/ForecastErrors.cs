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

    private const int Season = 7;

    /// <summary>The errors of the last <paramref name="length"/> days up to <paramref name="cutoff"/> (0 where the series has
    /// no day or no day a week before).</summary>
    public static double[] SeasonalNaive(DemandSeries series, DateOnly cutoff, int length = DefaultLength)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 2);
        var errors = new double[length];
        var values = series.Values;
        int endIndex = cutoff.DayNumber - series.Start.DayNumber; // index of the cut-off day in the series
        for (int k = 0; k < length; k++)
        {
            int i = endIndex - (length - 1 - k);
            if (i - Season >= 0 && i < values.Length)
            {
                errors[k] = values[i] - values[i - Season];
            }
        }

        return errors;
    }
}
