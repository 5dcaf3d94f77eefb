using Forecasting.Core.Domain;
using Forecasting.Core.Forecasting;

namespace Forecasting.Core.Evaluation;

/// <summary>One row of a segment evaluation: WAPE and bias over every (series, day) of the segment,
/// coverage the share of actual days inside p10-p90.</summary>
/// <param name="Wape">Over each series' hold-out total: sum over series |sum y - sum yhat| / sum y (what a planner
/// stocking for the period needs; daily noise of a unit-a-day series would otherwise swamp every model).</param>
/// <param name="DailyWape">Over every (series, day): sum |y - yhat| / sum y.</param>
public sealed record SegmentScore(string Model, PlatformSegment Segment, int Series, double Wape, double Bias, double Coverage, double DailyWape);

/// <summary>Scores forecasts against the held-out actuals per <see cref="PlatformSegment"/>.</summary>
public static class SegmentScores
{
    /// <param name="actuals">The held-out values per series, step by step (as many as the forecast's horizon).</param>
    public static IReadOnlyList<SegmentScore> Score(string model, IReadOnlyList<SeriesForecast> forecasts, IReadOnlyDictionary<SeriesKey, double[]> actuals, IReadOnlyDictionary<SeriesKey, PlatformSegment[]> segments)
    {
        ArgumentNullException.ThrowIfNull(forecasts);
        var count = Enum.GetValues<PlatformSegment>().Length;
        var absolute = new double[count];
        var signed = new double[count];
        var total = new double[count];
        var inside = new double[count];
        var points = new double[count];
        var series = new int[count];
        var totalError = new double[count];
        foreach (var f in forecasts)
        {
            if (!actuals.TryGetValue(f.Key, out var y) || !segments.TryGetValue(f.Key, out var of))
            {
                continue;
            }

            int low = SeriesForecast.IndexOfLevel(f.QuantileLevels, 0.1), high = SeriesForecast.IndexOfLevel(f.QuantileLevels, 0.9);
            foreach (var segment in of)
            {
                int k = (int)segment;
                series[k]++;
                double sumError = 0;
                for (int t = 0; t < Math.Min(y.Length, f.Horizon); t++)
                {
                    double error = f.Mean[t] - y[t];
                    absolute[k] += Math.Abs(error);
                    signed[k] += error;
                    sumError += error;
                    total[k] += y[t];
                    if (low >= 0 && high >= 0)
                    {
                        points[k]++;
                        inside[k] += y[t] >= f.Quantile(low)[t] && y[t] <= f.Quantile(high)[t] ? 1 : 0;
                    }
                }

                totalError[k] += Math.Abs(sumError);
            }
        }

        return [.. Enum.GetValues<PlatformSegment>().Select(s =>
        {
            int k = (int)s;
            return new SegmentScore(model, s, series[k], total[k] > 0 ? totalError[k] / total[k] : double.NaN, total[k] > 0 ? signed[k] / total[k] : double.NaN,
                points[k] > 0 ? inside[k] / points[k] : double.NaN, total[k] > 0 ? absolute[k] / total[k] : double.NaN);
        })];
    }
}
