using Forecasting.Core.Domain;

namespace Forecasting.Core.Forecasting.Signals;

/// <summary>
/// Interest signals of one series (views, searches, cart adds, wishlist adds, or any columns a CSV names),
/// aligned day for day with its <see cref="DemandSeries"/>: value <c>t</c> of every column belongs to the
/// same period as the series' value <c>t</c>. A forecast from the end of a series only reads values up to
/// that end, so a slice of both taken at a cut-off never lets a model see past it.
/// </summary>
/// <remarks>Immutable and thread-safe. Counts are non-negative; a day without a row is zero.</remarks>
public sealed class SeriesSignals
{
    private readonly double[][] _columns;

    /// <param name="columns">One array per name in <paramref name="names"/>, all of the same length.</param>
    public SeriesSignals(SeriesKey key, DateOnly start, IReadOnlyList<string> names, double[][] columns)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(columns);
        if (names.Count != columns.Length || columns.Length == 0)
        {
            throw new ArgumentException($"Signals of {key}: {names.Count} names for {columns.Length} columns (at least one is needed).", nameof(columns));
        }

        int length = columns[0].Length;
        if (columns.Any(c => c.Length != length))
        {
            throw new ArgumentException($"Signals of {key}: the columns differ in length.", nameof(columns));
        }

        Key = key;
        Start = start;
        Names = names;
        _columns = columns;
    }

    public SeriesKey Key { get; }

    /// <summary>The day of value 0 (the same as the demand series' start).</summary>
    public DateOnly Start { get; }

    /// <summary>Column names, e.g. views, searches, cart_adds, wishlist_adds.</summary>
    public IReadOnlyList<string> Names { get; }

    public int Length => _columns[0].Length;

    public int ColumnCount => _columns.Length;

    public ReadOnlySpan<double> Column(int index) => _columns[index];

    /// <summary>Values [start, start + length) of every column (for the cut-off of a hold-out).</summary>
    public SeriesSignals Slice(int start, int length) =>
        new(Key, Start.AddDays(start), Names, [.. _columns.Select(c => c.AsSpan(start, length).ToArray())]);

    /// <summary>The signals re-indexed onto <paramref name="series"/>' days: zero where they have no value.</summary>
    public SeriesSignals AlignedTo(DemandSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.Start == Start && series.Length == Length)
        {
            return this;
        }

        int offset = Start.DayNumber - series.Start.DayNumber;
        var columns = new double[_columns.Length][];
        for (int c = 0; c < columns.Length; c++)
        {
            columns[c] = new double[series.Length];
            for (int t = Math.Max(0, offset); t < series.Length && t - offset < Length; t++)
            {
                columns[c][t] = _columns[c][t - offset];
            }
        }

        return new SeriesSignals(Key, series.Start, Names, columns);
    }
}

/// <summary>The signals of a batch of series, looked up by key. A series without an entry has none.</summary>
public sealed class SignalPanel
{
    private readonly Dictionary<SeriesKey, SeriesSignals> _bySeries;

    public SignalPanel(IEnumerable<SeriesSignals> signals)
    {
        ArgumentNullException.ThrowIfNull(signals);
        _bySeries = [];
        foreach (var s in signals)
        {
            _bySeries[s.Key] = s;
        }

        Names = _bySeries.Count == 0 ? [] : _bySeries.Values.First().Names;
        if (_bySeries.Values.Any(s => !s.Names.SequenceEqual(Names, StringComparer.Ordinal)))
        {
            throw new ArgumentException("Every series of a signal panel must carry the same signal columns.", nameof(signals));
        }
    }

    /// <summary>An empty panel: every forecast is made from sales alone.</summary>
    public static SignalPanel Empty { get; } = new([]);

    public IReadOnlyList<string> Names { get; }

    public int Count => _bySeries.Count;

    public SeriesSignals? For(SeriesKey key) => _bySeries.GetValueOrDefault(key);

    /// <summary>Every series' signals cut to its first <paramref name="lengthOf"/>(key) values (a hold-out split).</summary>
    public SignalPanel Truncated(Func<SeriesKey, int> lengthOf)
    {
        ArgumentNullException.ThrowIfNull(lengthOf);
        return new SignalPanel(_bySeries.Values.Select(s => s.Slice(0, Math.Clamp(lengthOf(s.Key), 0, s.Length))));
    }
}
