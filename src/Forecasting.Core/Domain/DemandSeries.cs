namespace Forecasting.Core.Domain;

/// <summary>Time step of a <see cref="DemandSeries"/>.</summary>
public enum Granularity
{
    /// <summary>One value per calendar day.</summary>
    Day,

    /// <summary>One value per ISO week (Monday to Sunday), labelled by its Monday.</summary>
    Week,
}

/// <summary>
/// A contiguous demand series for one <see cref="SeriesKey"/>: one value per period from <see cref="Start"/>
/// to <see cref="End"/>, with no holes. Inside that range a period without sales is 0; before the range
/// (before launch, or before the data begins) and after it the series is <em>absent</em>, which is not the
/// same as zero: <see cref="ValueAt"/> returns null there and aggregation ignores it.
/// </summary>
/// <remarks>Immutable and thread-safe. Values are units (non-negative for observed demand).</remarks>
public sealed class DemandSeries
{
    private readonly double[] _values;

    public DemandSeries(SeriesKey key, Granularity granularity, DateOnly start, double[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (granularity == Granularity.Week && start.DayOfWeek != DayOfWeek.Monday)
        {
            throw new ArgumentException($"A weekly series starts on a Monday; {start:yyyy-MM-dd} is a {start.DayOfWeek}.", nameof(start));
        }

        Key = key;
        Granularity = granularity;
        Start = start;
        _values = values;
    }

    public SeriesKey Key { get; }

    public Granularity Granularity { get; }

    /// <summary>First period (a day, or the Monday of the first week).</summary>
    public DateOnly Start { get; }

    /// <summary>Last period; equals <see cref="Start"/> minus one period when the series is empty.</summary>
    public DateOnly End => PeriodStart(_values.Length - 1);

    public int Length => _values.Length;

    public ReadOnlySpan<double> Values => _values;

    /// <summary>Days in one period: 1 or 7.</summary>
    public int DaysPerPeriod => Granularity == Granularity.Day ? 1 : 7;

    /// <summary>The date that labels period <paramref name="index"/> (may lie outside the series).</summary>
    public DateOnly PeriodStart(int index) => Start.AddDays(index * DaysPerPeriod);

    /// <summary>Index of the period containing <paramref name="date"/>, or null when the series is absent there.</summary>
    public int? IndexOf(DateOnly date)
    {
        int offset = date.DayNumber - Start.DayNumber;
        if (offset < 0)
        {
            return null;
        }

        int index = offset / DaysPerPeriod;
        return index < _values.Length ? index : null;
    }

    /// <summary>The value of the period containing <paramref name="date"/>; null (absent) outside the series.</summary>
    public double? ValueAt(DateOnly date) => IndexOf(date) is { } i ? _values[i] : null;

    /// <summary>Periods [start, start + length) as a new series (for hold-out splits).</summary>
    public DemandSeries Slice(int start, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start + length, _values.Length);
        return new DemandSeries(Key, Granularity, PeriodStart(start), _values.AsSpan(start, length).ToArray());
    }

    /// <summary>
    /// Builds a daily series covering [<paramref name="firstDay"/>, <paramref name="lastDay"/>]: days with no
    /// observation are zero. Several observations of the same day are summed.
    /// </summary>
    /// <param name="firstDay">First day the item could sell in this region (launch, or the start of the data).</param>
    /// <param name="lastDay">Last day covered by the data.</param>
    /// <exception cref="ArgumentOutOfRangeException">An observation lies outside the range.</exception>
    public static DemandSeries FromDaily(SeriesKey key, DateOnly firstDay, DateOnly lastDay, IEnumerable<(DateOnly Date, double Units)> observations)
    {
        ArgumentNullException.ThrowIfNull(observations);
        int length = Math.Max(0, lastDay.DayNumber - firstDay.DayNumber + 1);
        var values = new double[length];
        foreach (var (date, units) in observations)
        {
            int i = date.DayNumber - firstDay.DayNumber;
            if (i < 0 || i >= length)
            {
                throw new ArgumentOutOfRangeException(nameof(observations), $"Observation of {key} on {date:yyyy-MM-dd} lies outside {firstDay:yyyy-MM-dd}..{lastDay:yyyy-MM-dd}.");
            }

            values[i] += units;
        }

        return new DemandSeries(key, Granularity.Day, firstDay, values);
    }

    /// <summary>
    /// Sums a daily series into ISO weeks (Monday to Sunday). Only complete weeks are kept: a partial first or
    /// last week would look like a drop in demand.
    /// </summary>
    public DemandSeries ToWeekly()
    {
        if (Granularity == Granularity.Week)
        {
            return this;
        }

        int skip = ((int)DayOfWeek.Monday - (int)Start.DayOfWeek + 7) % 7;
        int weeks = Math.Max(0, (_values.Length - skip) / 7);
        var weekly = new double[weeks];
        for (int w = 0; w < weeks; w++)
        {
            double sum = 0;
            int offset = skip + (w * 7);
            for (int d = 0; d < 7; d++)
            {
                sum += _values[offset + d];
            }

            weekly[w] = sum;
        }

        return new DemandSeries(Key, Granularity.Week, Start.AddDays(skip), weekly);
    }

    /// <summary>
    /// Sums child series (same granularity) into a parent level such as a category or all regions. The
    /// parent spans the union of the children's ranges; a child contributes only where it is present, so a
    /// period is zero in the parent only when some child was present and sold nothing.
    /// </summary>
    /// <exception cref="ArgumentException">No children, or mixed granularities.</exception>
    public static DemandSeries Aggregate(SeriesKey parent, IEnumerable<DemandSeries> children)
    {
        ArgumentNullException.ThrowIfNull(children);
        var list = children as IReadOnlyList<DemandSeries> ?? children.ToList();
        if (list.Count == 0)
        {
            throw new ArgumentException("Aggregation needs at least one child series.", nameof(children));
        }

        var granularity = list[0].Granularity;
        int first = int.MaxValue, last = int.MinValue;
        foreach (var child in list)
        {
            if (child.Granularity != granularity)
            {
                throw new ArgumentException($"Cannot aggregate {child.Granularity} series {child.Key} with {granularity} series.", nameof(children));
            }

            if (child.Length == 0)
            {
                continue;
            }

            first = Math.Min(first, child.Start.DayNumber);
            last = Math.Max(last, child.End.DayNumber);
        }

        int step = granularity == Granularity.Day ? 1 : 7;
        if (first == int.MaxValue)
        {
            return new DemandSeries(parent, granularity, list[0].Start, []);
        }

        var values = new double[((last - first) / step) + 1];
        foreach (var child in list)
        {
            int offset = (child.Start.DayNumber - first) / step;
            var source = child.Values;
            for (int i = 0; i < source.Length; i++)
            {
                values[offset + i] += source[i];
            }
        }

        return new DemandSeries(parent, granularity, DateOnly.FromDayNumber(first), values);
    }
}
