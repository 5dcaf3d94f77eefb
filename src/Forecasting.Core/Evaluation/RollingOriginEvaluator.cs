using System.Diagnostics;
using Forecasting.Core.Domain;
using Forecasting.Core.Forecasting;
using Forecasting.Core.Metrics;

namespace Forecasting.Core.Evaluation;

/// <summary>A series to evaluate on: values by position, NaN where missing.</summary>
public sealed record EvaluationSeries(string Id, double[] Values);

/// <summary>Rolling-origin settings: origins at N - Horizon - j Step for j = 0..Windows-1.</summary>
public sealed record RollingOriginOptions
{
    public required int Horizon { get; init; }

    public int Windows { get; init; } = 1;

    public int Step { get; init; } = 1;

    /// <summary>Season length given to the models.</summary>
    public int SeasonLength { get; init; } = 1;

    /// <summary>Period m of the MASE / RMSSE scale.</summary>
    public int MaseSeasonLength { get; init; } = 1;

    public IReadOnlyList<double> QuantileLevels { get; init; } = ForecastRequest.DefaultQuantileLevels;

    public void Validate()
    {
        if (Horizon < 1 || Windows < 1 || Step < 1 || SeasonLength < 1 || MaseSeasonLength < 1)
        {
            throw new ArgumentException($"Evaluation settings out of range: horizon {Horizon}, windows {Windows}, step {Step}, season {SeasonLength}, MASE season {MaseSeasonLength} (all >= 1).");
        }
    }
}

/// <summary>One model's scores over every (series, origin) evaluated. sMAPE is in percent (M4 convention);
/// MASE and RMSSE are means of per-(series, origin) values; WAPE and bias are over all points.</summary>
public sealed record ModelScores(
    string Model, int Forecasts, long Points, double Smape, double Mase, double Rmsse, double Wape, double Bias, double Coverage, double Pinball, TimeSpan Elapsed,
    IReadOnlyDictionary<string, int> ModelsUsed)
{
    /// <summary>p10-p90 coverage and WAPE per volume class, demand class and horizon bucket.</summary>
    public IReadOnlyList<SegmentCoverageRow> Segments { get; init; } = [];
}

/// <summary>What an evaluation covered and each model's scores.</summary>
public sealed record EvaluationResult(int Series, int Forecasts, int Skipped, IReadOnlyList<ModelScores> Models)
{
    /// <summary>OWA of <paramref name="model"/> against the model named Naive2 (NaN if either is missing).</summary>
    public double Owa(ModelScores model)
    {
        var naive2 = Models.FirstOrDefault(m => m.Model == "Naive2");
        return naive2 is null ? double.NaN : AccuracyMetrics.Owa(model.Smape, model.Mase, naive2.Smape, naive2.Mase);
    }
}

/// <summary>
/// Rolling-origin evaluation of forecasters over a dataset: every series is cut at each origin, each model
/// forecasts the next Horizon points from the history before the cut, and the errors are scored with
/// <see cref="AccuracyMetrics"/>. A (series, origin) whose history is empty or whose actuals have a gap is
/// skipped and counted, never silently dropped. Results do not depend on batch order or thread count.
/// </summary>
public static class RollingOriginEvaluator
{
    private static readonly DateOnly Origin = new(2000, 1, 3);

    public static EvaluationResult Evaluate(IReadOnlyList<EvaluationSeries> dataset, IReadOnlyList<IForecaster> models, RollingOriginOptions options, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(models);
        options.Validate();
        var histories = new List<DemandSeries>();
        var actuals = new List<double[]>();
        int skipped = 0;
        foreach (var series in dataset)
        {
            for (int j = 0; j < options.Windows; j++)
            {
                int cut = series.Values.Length - options.Horizon - (j * options.Step);
                if (cut < 1)
                {
                    skipped++;
                    continue;
                }

                var actual = series.Values.AsSpan(cut, options.Horizon).ToArray();
                if (Array.Exists(actual, double.IsNaN))
                {
                    skipped++;
                    continue;
                }

                histories.Add(new DemandSeries(new SeriesKey(series.Id, j.ToString(System.Globalization.CultureInfo.InvariantCulture)), Granularity.Day, Origin, series.Values[..cut]));
                actuals.Add(actual);
            }
        }

        var request = new ForecastRequest { Horizon = options.Horizon, SeasonLength = options.SeasonLength, QuantileLevels = options.QuantileLevels };
        var scores = new List<ModelScores>();
        for (int k = 0; k < models.Count; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var clock = Stopwatch.StartNew();
            var forecasts = models[k].Forecast(histories, request, null, cancellationToken);
            clock.Stop();
            scores.Add(Score(models[k].Name, forecasts, histories, actuals, options, clock.Elapsed));
            progress?.Report(k + 1);
        }

        return new EvaluationResult(dataset.Count, histories.Count, skipped, scores);
    }

    private static ModelScores Score(string name, IReadOnlyList<SeriesForecast> forecasts, List<DemandSeries> histories, List<double[]> actuals, RollingOriginOptions options, TimeSpan elapsed)
    {
        var accumulator = new AccuracyAccumulator();
        double smape = 0, rmsse = 0;
        int rmsseCount = 0;
        var used = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < forecasts.Count; i++)
        {
            var f = forecasts[i];
            var y = actuals[i];
            var insample = Finite(histories[i].Values);
            accumulator.Add(y, f, insample, options.MaseSeasonLength);
            smape += AccuracyMetrics.Smape(y, f.Mean) * y.Length;
            double r = AccuracyMetrics.Rmsse(y, f.Mean, insample, options.MaseSeasonLength);
            if (double.IsFinite(r))
            {
                rmsse += r;
                rmsseCount++;
            }

            used[f.Model] = used.GetValueOrDefault(f.Model) + 1;
        }

        long points = accumulator.Rows;
        return new ModelScores(name, forecasts.Count, points, points == 0 ? double.NaN : smape / points, accumulator.Mase, rmsseCount == 0 ? double.NaN : rmsse / rmsseCount,
            accumulator.Wape, accumulator.Bias, accumulator.Coverage, accumulator.Pinball, elapsed, used)
        {
            Segments = SegmentCoverage.Score(forecasts, histories, actuals),
        };
    }

    private static double[] Finite(ReadOnlySpan<double> values)
    {
        var list = new List<double>(values.Length);
        foreach (double v in values)
        {
            if (!double.IsNaN(v))
            {
                list.Add(v);
            }
        }

        return [.. list];
    }
}
