using Forecasting.Core.Domain;

namespace Forecasting.Core.Accuracy;

/// <summary>One stored aggregate: a model's forecasts of one target day for one region, category and ABC class.</summary>
public readonly record struct AccuracyCell(string Model, string Region, string Category, char Abc, DateOnly Day, string Bucket);

/// <summary>
/// Scores one forecast snapshot (run) against the actuals: each forecast row whose day has an actual adds its
/// errors to the cell of its model, region, category, ABC class and day (the horizon bucket follows from the day
/// and the cut-off). The cells are additive (<see cref="AccuracySums"/>), so any segment's metrics are sums of
/// cells. Not thread-safe.
/// </summary>
public sealed class SnapshotScorer(DateOnly cutoff, ActualsWindow actuals, Func<SeriesKey, (string Category, char Abc)> segmentOf)
{
    private readonly Dictionary<AccuracyCell, AccuracySums> _cells = [];
    private readonly Dictionary<SeriesKey, double> _scales = [];

    public IReadOnlyDictionary<AccuracyCell, AccuracySums> Cells => _cells;

    /// <summary>Rows scored so far (forecast days with an actual).</summary>
    public long Rows { get; private set; }

    /// <returns>Whether the day had an actual (and was scored).</returns>
    public bool Add(SeriesKey key, string model, DateOnly day, double mean, double p10, double p50, double p90)
    {
        if (day <= cutoff || actuals.Actual(key, day) is not { } actual)
        {
            return false;
        }

        if (!_scales.TryGetValue(key, out double scale))
        {
            _scales[key] = scale = actuals.Scale(key, cutoff);
        }

        var (category, abc) = segmentOf(key);
        var cell = new AccuracyCell(model, key.Region, category, abc, day, HorizonBucket.Of(day.DayNumber - cutoff.DayNumber));
        ref var sums = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_cells, cell, out _);
        sums.Add(actual, mean, p10, p50, p90, actuals.SeasonalNaive(key, cutoff, day), scale);
        Rows++;
        return true;
    }
}
