using Forecasting.Core.Domain;
using Forecasting.Core.Forecasting;

namespace Forecasting.Core.Hierarchy;

/// <summary>
/// Reads the SKU x region histories once, as they stream from the store, and keeps what reconciliation needs of them:
/// each series' in-sample errors (<see cref="ForecastErrors"/>) and the daily sums of the parent levels asked for, so
/// those levels can be forecast directly. Memory: <c>errorDays</c> doubles per SKU x region series plus one history per
/// parent series of the levels kept.
/// </summary>
public sealed class LevelHistory
{
    /// <summary>The category of a SKU missing from the catalog.</summary>
    public const string NoCategory = "(none)";

    private readonly IReadOnlyDictionary<string, string> _categoryOf;
    private readonly DateOnly _first;
    private readonly DateOnly _cutoff;
    private readonly int _errorDays;
    private readonly int _errorLag;
    private readonly HashSet<HierarchyLevel> _kept;
    private readonly Dictionary<SeriesKey, double[]> _errors = [];
    private readonly Dictionary<HierarchyKey, double[]> _sums = [];

    /// <param name="categoryOf">Each SKU's catalog category.</param>
    /// <param name="first">First day of the sums kept (the first day of stored demand).</param>
    /// <param name="cutoff">Last day of history.</param>
    /// <param name="keep">The parent levels whose daily sums are kept.</param>
    public LevelHistory(IReadOnlyDictionary<string, string> categoryOf, DateOnly first, DateOnly cutoff, IEnumerable<HierarchyLevel> keep,
        int errorDays = ForecastErrors.DefaultLength, int errorLag = ForecastErrors.DefaultLag)
    {
        ArgumentNullException.ThrowIfNull(categoryOf);
        ArgumentNullException.ThrowIfNull(keep);
        if (cutoff < first)
        {
            throw new ArgumentException($"The cut-off {cutoff:yyyy-MM-dd} is before the first day {first:yyyy-MM-dd}.", nameof(cutoff));
        }

        _categoryOf = categoryOf;
        _first = first;
        _cutoff = cutoff;
        _errorDays = errorDays;
        _errorLag = errorLag;
        _kept = [.. keep.Where(l => l != HierarchyLevel.SkuRegion)];
    }

    public string CategoryOf(string sku) => _categoryOf.TryGetValue(sku, out var category) && !string.IsNullOrEmpty(category) ? category : NoCategory;

    /// <summary>Takes one SKU x region history (days after the cut-off are ignored).</summary>
    public void Add(DemandSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        _errors[series.Key] = ForecastErrors.SeasonalNaive(series, _cutoff, _errorDays, _errorLag);
        if (_kept.Count == 0)
        {
            return;
        }

        string category = CategoryOf(series.Key.Sku);
        foreach (var level in _kept)
        {
            var key = HierarchyKey.Of(level, series.Key.Sku, category, series.Key.Region);
            if (!_sums.TryGetValue(key, out var sum))
            {
                _sums[key] = sum = new double[_cutoff.DayNumber - _first.DayNumber + 1];
            }

            var values = series.Values;
            int offset = series.Start.DayNumber - _first.DayNumber;
            for (int i = Math.Max(0, -offset); i < values.Length && offset + i < sum.Length; i++)
            {
                sum[offset + i] += values[i];
            }
        }
    }

    /// <summary>The errors of a series taken by <see cref="Add"/>, or zeros for one without history (an item not launched yet).</summary>
    public double[] ErrorsOf(SeriesKey key) => _errors.TryGetValue(key, out var errors) ? errors : new double[_errorDays];

    /// <summary>The SKU x region series taken so far.</summary>
    public IEnumerable<SeriesKey> Series => _errors.Keys;

    /// <summary>The daily history of every series of the kept <paramref name="level"/>, keyed as the reconciler keys them.
    /// Leading days before the parent's first sale are dropped (a parent made only of items launched later starts later).</summary>
    public IReadOnlyList<(HierarchyKey Key, DemandSeries History)> Histories(HierarchyLevel level)
    {
        var result = new List<(HierarchyKey, DemandSeries)>();
        foreach (var (key, sum) in _sums.Where(p => p.Key.Level == level).OrderBy(p => p.Key.ToString(), StringComparer.Ordinal))
        {
            int start = Array.FindIndex(sum, v => v != 0);
            start = start < 0 ? sum.Length - 1 : start;
            string region = key.Region ?? SeriesKey.AllRegions;
            var seriesKey = key.Sku is { } sku ? new SeriesKey(sku, region) : key.Category is { } category ? SeriesKey.ForCategory(category, region) : new SeriesKey(SeriesKey.AllRegions, region);
            result.Add((key, new DemandSeries(seriesKey, Granularity.Day, _first.AddDays(start), sum[start..])));
        }

        return result;
    }

    /// <summary>The kept <paramref name="levels"/> forecast directly by <paramref name="model"/> on their daily sums (the base
    /// forecasts of the parents that MinT reconciles with the SKU x region ones).</summary>
    public Dictionary<HierarchyKey, LevelForecast> ForecastDirectly(IEnumerable<HierarchyLevel> levels, IForecaster model, ForecastRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(levels);
        ArgumentNullException.ThrowIfNull(model);
        var series = levels.SelectMany(Histories).ToList();
        var forecast = model.Forecast([.. series.Select(s => s.History)], request, null, cancellationToken);
        var result = new Dictionary<HierarchyKey, LevelForecast>();
        for (int i = 0; i < series.Count; i++)
        {
            var f = forecast[i];
            if (f.Key != series[i].History.Key)
            {
                throw new InvalidOperationException($"{model.Name} returned {f.Key} in place of {series[i].History.Key}.");
            }

            result[series[i].Key] = new LevelForecast(series[i].Key, f.Mean.ToArray(), f.Quantile(0.1).ToArray(), f.Quantile(0.5).ToArray(), f.Quantile(0.9).ToArray());
        }

        return result;
    }
}
