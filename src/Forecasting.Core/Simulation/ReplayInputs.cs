using Forecasting.Core.Domain;
using Forecasting.Core.Forecasting.Signals;

namespace Forecasting.Core.Simulation;

/// <summary>Builds a <see cref="ReplayInput"/> from stored or generated history: daily series per SKU x region.</summary>
public static class ReplayInputs
{
    /// <summary>
    /// The last <paramref name="replayDays"/> days of the data up to <paramref name="lastDay"/> replayed after the days before
    /// them (at most <paramref name="historyDays"/>). A SKU of the catalog without series, or whose series sell nothing in
    /// the whole range, is left out; a day a series does not cover is zero.
    /// </summary>
    /// <exception cref="ArgumentException">A series names a region the network does not have, or too little data.</exception>
    public static ReplayInput FromSeries(Network network, IEnumerable<CatalogItem> catalog, IEnumerable<DemandSeries> series, SignalPanel signals, DateOnly lastDay, int replayDays, int historyDays)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(series);
        ArgumentOutOfRangeException.ThrowIfLessThan(replayDays, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(historyDays, 1);
        int days = replayDays + historyDays;
        var start = lastDay.AddDays(1 - days);
        var regionIndex = network.Regions.Select((r, i) => (r.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        var demand = new Dictionary<string, int[][]>(StringComparer.Ordinal);
        DateOnly first = lastDay;
        foreach (var s in series)
        {
            if (s.Granularity != Granularity.Day)
            {
                throw new ArgumentException($"Series {s.Key} is not daily.");
            }

            if (!regionIndex.TryGetValue(s.Key.Region, out int r))
            {
                throw new ArgumentException($"Series {s.Key}: region {s.Key.Region} is not in the network ({string.Join(", ", regionIndex.Keys)}).");
            }

            var rows = demand.GetValueOrDefault(s.Key.Sku) ?? (demand[s.Key.Sku] = [.. network.Regions.Select(_ => new int[days])]);
            var values = s.Values;
            for (int t = 0; t < values.Length; t++)
            {
                int day = s.Start.DayNumber + t - start.DayNumber;
                if (day >= 0 && day < days)
                {
                    rows[r][day] = (int)Math.Max(0, Math.Round(values[t]));
                }
            }

            if (s.Length > 0 && s.Start < first)
            {
                first = s.Start;
            }
        }

        if (first > start)
        {
            throw new ArgumentException($"The data starts on {first:yyyy-MM-dd}: {historyDays} days of history before {replayDays} replayed days need it to start by {start:yyyy-MM-dd}.");
        }

        var skus = catalog.Where(c => demand.TryGetValue(c.Sku, out var rows) && rows.Any(row => row.Any(u => u > 0)))
            .Select(c => new ReplaySku(c, demand[c.Sku])).ToList();
        return new ReplayInput(network, start, days, historyDays, skus, signals);
    }
}
