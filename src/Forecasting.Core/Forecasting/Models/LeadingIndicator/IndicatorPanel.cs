using Forecasting.Core.Domain;
using Forecasting.Core.Forecasting.Signals;

namespace Forecasting.Core.Forecasting.Models.LeadingIndicator;

/// <summary>
/// Running sums of units and interest of a batch of daily series, per series, per item (the same SKU
/// over all regions) and for the whole platform, indexed so that any window mean before an origin costs
/// two reads. Only series with signals take part. Built once per forecast call; read-only afterwards.
/// </summary>
internal sealed class IndicatorPanel
{
    private IndicatorPanel(Entry[] series, Aggregate[] items, Aggregate platform, int columns)
    {
        Series = series;
        Items = items;
        Platform = platform;
        Columns = columns;
    }

    /// <summary>A series: position in the caller's batch, day number of value 0, running sums.</summary>
    internal sealed record Entry(int BatchIndex, int StartDay, int Length, double[] Units, double[][] Signals, double[] Interest, int Item);

    /// <summary>Running sums of units and interest by day over several series, from <see cref="StartDay"/>.</summary>
    internal sealed record Aggregate(int StartDay, double[] Units, double[] Interest, int[] Members);

    public Entry[] Series { get; }

    public Aggregate[] Items { get; }

    public Aggregate Platform { get; }

    /// <summary>Signal columns per series.</summary>
    public int Columns { get; }

    /// <summary>Series of <paramref name="history"/> that have signals in <paramref name="signals"/> (daily series only).</summary>
    public static IndicatorPanel Build(IReadOnlyList<DemandSeries> history, SignalPanel signals)
    {
        var entries = new List<(int Index, DemandSeries Series, SeriesSignals Signals)>();
        for (int i = 0; i < history.Count; i++)
        {
            var s = history[i];
            if (s.Granularity == Granularity.Day && s.Length > 0 && signals.For(s.Key) is { } found)
            {
                entries.Add((i, s, found.AlignedTo(s)));
            }
        }

        int columns = signals.Names.Count;
        var itemIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var members = new List<List<int>>();
        var series = new Entry[entries.Count];
        for (int e = 0; e < entries.Count; e++)
        {
            var (index, demand, sig) = entries[e];
            if (!itemIndex.TryGetValue(demand.Key.Sku, out int item))
            {
                item = itemIndex[demand.Key.Sku] = members.Count;
                members.Add([]);
            }

            members[item].Add(e);
            var signalSums = new double[columns][];
            var interest = new double[demand.Length + 1];
            for (int c = 0; c < columns; c++)
            {
                signalSums[c] = Running(sig.Column(c));
                for (int t = 1; t <= demand.Length; t++)
                {
                    interest[t] += signalSums[c][t];
                }
            }

            series[e] = new Entry(index, demand.Start.DayNumber, demand.Length, Running(demand.Values), signalSums, interest, item);
        }

        var items = members.Select(m => Sum(series, [.. m])).ToArray();
        var platform = Sum(series, [.. Enumerable.Range(0, series.Length)]);
        return new IndicatorPanel(series, items, platform, columns);
    }

    /// <summary>Mean per day of a running sum over values [from, to) (0 when the window is empty).</summary>
    public static double Mean(double[] running, int from, int to)
    {
        from = Math.Max(0, from);
        to = Math.Min(running.Length - 1, to);
        return to > from ? (running[to] - running[from]) / (to - from) : 0;
    }

    private static double[] Running(ReadOnlySpan<double> values)
    {
        var sums = new double[values.Length + 1];
        for (int t = 0; t < values.Length; t++)
        {
            double v = values[t];
            sums[t + 1] = sums[t] + (double.IsFinite(v) && v > 0 ? v : 0);
        }

        return sums;
    }

    private static Aggregate Sum(Entry[] series, int[] members)
    {
        if (members.Length == 0)
        {
            return new Aggregate(0, [0], [0], []);
        }

        int first = members.Min(m => series[m].StartDay), last = members.Max(m => series[m].StartDay + series[m].Length);
        var units = new double[last - first + 1];
        var interest = new double[last - first + 1];
        foreach (int m in members)
        {
            var e = series[m];
            int offset = e.StartDay - first;
            for (int t = 0; t < e.Length; t++)
            {
                units[offset + t + 1] += e.Units[t + 1] - e.Units[t];
                interest[offset + t + 1] += e.Interest[t + 1] - e.Interest[t];
            }
        }

        for (int t = 1; t < units.Length; t++)
        {
            units[t] += units[t - 1];
            interest[t] += interest[t - 1];
        }

        return new Aggregate(first, units, interest, members);
    }
}
