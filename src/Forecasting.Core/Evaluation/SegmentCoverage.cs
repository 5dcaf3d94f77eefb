using Forecasting.Core.Domain;
using Forecasting.Core.Forecasting;
using Forecasting.Core.Forecasting.Calibration;
using Forecasting.Core.Forecasting.Selection;

namespace Forecasting.Core.Evaluation;

/// <summary>How forecasts are grouped in a <see cref="SegmentCoverageRow"/>.</summary>
public enum SegmentDimension
{
    /// <summary>ABC class by volume over the histories (<see cref="VolumeClasses"/>).</summary>
    Volume,

    /// <summary>Syntetos-Boylan class of the history (<see cref="DemandClassifier"/>).</summary>
    Demand,

    /// <summary>Part of the horizon (<see cref="CalibrationSegment.BucketOf"/>).</summary>
    Horizon,
}

/// <summary>p10-p90 coverage and WAPE of one segment: <paramref name="Points"/> (forecast, step) pairs.</summary>
public sealed record SegmentCoverageRow(SegmentDimension Dimension, string Segment, long Points, double Coverage, double Wape);

/// <summary>Coverage of the p10-p90 band per volume class, demand class and horizon bucket, where the planner
/// needs it calibrated (not only on average).</summary>
public static class SegmentCoverage
{
    /// <param name="histories">The history each forecast was made from (classes are taken on them).</param>
    /// <param name="actuals">The held-out values of each forecast, as many as its horizon.</param>
    public static IReadOnlyList<SegmentCoverageRow> Score(IReadOnlyList<SeriesForecast> forecasts, IReadOnlyList<DemandSeries> histories, IReadOnlyList<double[]> actuals)
    {
        ArgumentNullException.ThrowIfNull(forecasts);
        ArgumentNullException.ThrowIfNull(histories);
        ArgumentNullException.ThrowIfNull(actuals);
        var volume = VolumeClasses.Assign(histories);
        var cells = new Dictionary<(SegmentDimension, string), (long Points, long Inside, double Error, double Total)>();
        for (int i = 0; i < forecasts.Count; i++)
        {
            var f = forecasts[i];
            int low = SeriesForecast.IndexOfLevel(f.QuantileLevels, 0.1), high = SeriesForecast.IndexOfLevel(f.QuantileLevels, 0.9);
            if (low < 0 || high < 0)
            {
                continue;
            }

            string demand = DemandClassifier.Classify(histories[i].Values).Class.ToString();
            var y = actuals[i];
            for (int t = 0; t < Math.Min(y.Length, f.Horizon); t++)
            {
                if (double.IsNaN(y[t]))
                {
                    continue;
                }

                bool inside = y[t] >= f.Quantile(low)[t] && y[t] <= f.Quantile(high)[t];
                double error = Math.Abs(y[t] - f.Mean[t]);
                Add((SegmentDimension.Volume, volume[i].ToString()));
                Add((SegmentDimension.Demand, demand));
                Add((SegmentDimension.Horizon, CalibrationSegment.BucketOf(t, f.Horizon).ToString()));

                void Add((SegmentDimension, string) key)
                {
                    var c = cells.GetValueOrDefault(key);
                    cells[key] = (c.Points + 1, c.Inside + (inside ? 1 : 0), c.Error + error, c.Total + Math.Abs(y[t]));
                }
            }
        }

        return [.. cells.OrderBy(c => c.Key.Item1).ThenBy(c => c.Key.Item2, StringComparer.Ordinal)
            .Select(c => new SegmentCoverageRow(c.Key.Item1, c.Key.Item2, c.Value.Points, c.Value.Inside / (double)c.Value.Points, c.Value.Total > 0 ? c.Value.Error / c.Value.Total : double.NaN))];
    }
}
