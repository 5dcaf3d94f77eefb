using Forecasting.Core.Domain;
using Forecasting.Core.Forecasting.Signals;

namespace Forecasting.Core.Forecasting.ColdStart;

/// <summary>An item launched inside the history in one region: its units (and interest) from its launch day on.</summary>
internal sealed record Analogue(CatalogItem Item, int LaunchDay, double[] Units, double[]? Interest)
{
    public int Length => Units.Length;

    public double EarlyUnits(int days) => Sum(Units, days);

    public double EarlyInterest(int days) => Interest is null ? 0 : Sum(Interest, days);

    private static double Sum(double[] values, int days)
    {
        double sum = 0;
        for (int t = 0; t < days; t++)
        {
            sum += values[t];
        }

        return sum;
    }
}

/// <summary>The candidate analogues of a batch: series whose catalog launch date is their first day, by region and attribute key.</summary>
internal sealed class AnaloguePool
{
    private readonly Dictionary<(string Region, AnalogueLevel Level, string Key), List<Analogue>> _byKey = [];
    private readonly SignalPanel _signals;

    private AnaloguePool(SignalPanel signals) => _signals = signals;

    public static AnaloguePool Build(IReadOnlyList<DemandSeries> history, IReadOnlyDictionary<string, CatalogItem> catalog, SignalPanel signals)
    {
        var pool = new AnaloguePool(signals);
        foreach (var s in history)
        {
            // Launched inside the history: its first day is its launch, so its ages are known.
            if (s.Granularity != Granularity.Day || !catalog.TryGetValue(s.Key.Sku, out var item) || item.LaunchDate != s.Start)
            {
                continue;
            }

            var analogue = new Analogue(item, s.Start.DayNumber, s.Values.ToArray(), pool.InterestOf(s));
            foreach (var level in Enum.GetValues<AnalogueLevel>())
            {
                var key = (s.Key.Region, level, AnalogueKeys.Of(item, level));
                if (!pool._byKey.TryGetValue(key, out var list))
                {
                    pool._byKey[key] = list = [];
                }

                list.Add(analogue);
            }
        }

        return pool;
    }

    /// <summary>The daily sum of the series' signal columns on its days, or null without signals.</summary>
    public double[]? InterestOf(DemandSeries series)
    {
        if (_signals.For(series.Key) is not { } found)
        {
            return null;
        }

        var aligned = found.AlignedTo(series);
        var interest = new double[series.Length];
        for (int c = 0; c < aligned.ColumnCount; c++)
        {
            var column = aligned.Column(c);
            for (int t = 0; t < interest.Length; t++)
            {
                interest[t] += column[t];
            }
        }

        return interest;
    }

    /// <summary>
    /// Up to <see cref="ColdStartOptions.MaxAnalogues"/> items of <paramref name="region"/> with at least <paramref name="minLength"/>
    /// days since launch, at the strictest <see cref="AnalogueLevel"/> with <see cref="ColdStartOptions.MinAnalogues"/> of them
    /// (any at the loosest), launched closest to <paramref name="launchDay"/>; the item itself is never its own analogue.
    /// </summary>
    public IReadOnlyList<Analogue> Find(CatalogItem item, string region, int launchDay, int minLength, ColdStartOptions options)
    {
        foreach (var level in Enum.GetValues<AnalogueLevel>())
        {
            if (!_byKey.TryGetValue((region, level, AnalogueKeys.Of(item, level)), out var list))
            {
                continue;
            }

            var eligible = list.Where(a => a.Length >= minLength && !string.Equals(a.Item.Sku, item.Sku, StringComparison.Ordinal)).ToList();
            if (eligible.Count >= options.MinAnalogues || (level == AnalogueLevel.AnyItem && eligible.Count > 0))
            {
                return [.. eligible.OrderBy(a => Math.Abs(a.LaunchDay - launchDay)).ThenBy(a => a.Item.Sku, StringComparer.Ordinal).Take(options.MaxAnalogues)];
            }
        }

        return [];
    }
}
