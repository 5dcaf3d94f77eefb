using Forecasting.Core.Domain;

namespace Forecasting.Core.Accuracy;

/// <summary>
/// Daily actuals of many series over one window of days, as scoring needs them: the actual of a forecast day, the
/// MASE scale of a series at a cut-off (in-sample seasonal-naive MAE over the <see cref="ScaleDays"/> days before
/// it) and the seasonal-naive benchmark (the same weekday of the last week before the cut-off). Days inside the
/// window without a stored value are zero demand (the store keeps only days with demand); a day after
/// <see cref="Last"/> has no actual yet.
/// </summary>
public sealed class ActualsWindow
{
    /// <summary>Days of history behind the MASE scale (eight weeks).</summary>
    public const int ScaleDays = 56;

    /// <summary>Season length of the scale and the naive benchmark (daily data: a week).</summary>
    public const int Season = 7;

    private readonly Dictionary<SeriesKey, double[]> _values = [];
    private readonly double[] _zeros;

    public ActualsWindow(DateOnly first, DateOnly last)
    {
        if (last < first)
        {
            throw new ArgumentException($"The window ends ({last:yyyy-MM-dd}) before it starts ({first:yyyy-MM-dd}).");
        }

        First = first;
        Last = last;
        _zeros = new double[last.DayNumber - first.DayNumber + 1];
    }

    public DateOnly First { get; }

    public DateOnly Last { get; }

    /// <summary>Series with at least one stored day in the window.</summary>
    public IEnumerable<SeriesKey> Keys => _values.Keys;

    /// <summary>The first day a window must start at to score forecasts cut off at <paramref name="cutoff"/>.</summary>
    public static DateOnly FirstDayFor(DateOnly cutoff) => cutoff.AddDays(-(ScaleDays + Season) + 1);

    public void Set(SeriesKey key, DateOnly day, double units)
    {
        if (day < First || day > Last)
        {
            return;
        }

        if (!_values.TryGetValue(key, out var values))
        {
            _values[key] = values = new double[_zeros.Length];
        }

        values[day.DayNumber - First.DayNumber] = units;
    }

    /// <summary>The actual of <paramref name="day"/>, or null outside the window (not arrived yet, or too old).</summary>
    public double? Actual(SeriesKey key, DateOnly day) =>
        day < First || day > Last ? null : Values(key)[day.DayNumber - First.DayNumber];

    /// <summary>Mean |y[t] - y[t-7]| over the <see cref="ScaleDays"/> days up to the cut-off; NaN when the window
    /// does not reach back far enough, 0 for a series that did not move.</summary>
    public double Scale(SeriesKey key, DateOnly cutoff)
    {
        int end = cutoff.DayNumber - First.DayNumber;
        int start = end - ScaleDays + 1;
        if (start - Season < 0 || end >= _zeros.Length)
        {
            return double.NaN;
        }

        var values = Values(key);
        double sum = 0;
        for (int t = start; t <= end; t++)
        {
            sum += Math.Abs(values[t] - values[t - Season]);
        }

        return sum / ScaleDays;
    }

    /// <summary>The seasonal-naive forecast of <paramref name="day"/> made at <paramref name="cutoff"/>: the demand of the
    /// same weekday in the last week up to the cut-off. NaN when that week is outside the window.</summary>
    public double SeasonalNaive(SeriesKey key, DateOnly cutoff, DateOnly day)
    {
        int horizon = day.DayNumber - cutoff.DayNumber;
        int index = cutoff.DayNumber - Season + 1 + ((horizon - 1) % Season) - First.DayNumber;
        return horizon < 1 || index < 0 || index >= _zeros.Length ? double.NaN : Values(key)[index];
    }

    private double[] Values(SeriesKey key) => _values.TryGetValue(key, out var values) ? values : _zeros;
}
