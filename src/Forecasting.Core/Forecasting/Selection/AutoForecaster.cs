using Forecasting.Core.Domain;
using Forecasting.Core.Forecasting.Calibration;
using Forecasting.Core.Forecasting.Models;
using Forecasting.Core.Forecasting.Profiles;
using Forecasting.Core.Ssa;

namespace Forecasting.Core.Forecasting.Selection;

/// <summary>How the best candidates are combined.</summary>
public enum Combination
{
    /// <summary>The single best candidate.</summary>
    None,

    /// <summary>Step-wise median of the best k candidates' means and of each quantile level.</summary>
    Median,

    /// <summary>Average of the best k weighted by 1 / cross-validation error.</summary>
    InverseError,
}

/// <summary>Settings of <see cref="AutoForecaster"/>.</summary>
public sealed record AutoOptions
{
    /// <summary>Candidates for smooth and erratic series.</summary>
    public IReadOnlyList<IForecaster> Regular { get; init; } = [new SsaForecaster(), new ThetaForecaster(), new HoltDampedForecaster(), new SesForecaster(), new SeasonalNaiveForecaster()];

    /// <summary>Candidates for intermittent and lumpy series (SSA included: on carparts it took Auto's MASE from 1.079 to 0.988).</summary>
    public IReadOnlyList<IForecaster> Intermittent { get; init; } =
        [new IntermittentForecaster(IntermittentMethod.Croston), new IntermittentForecaster(IntermittentMethod.Sba), new IntermittentForecaster(IntermittentMethod.Tsb), new SesForecaster(), new WindowAverageForecaster(), new SsaForecaster()];

    /// <summary>Used when a series is too short for any cross-validation origin.</summary>
    public IForecaster Fallback { get; init; } = new SeasonalNaiveForecaster();

    /// <summary>Rolling origins per series.</summary>
    /// <value>3.</value>
    public int Windows { get; init; } = 3;

    /// <summary>Periods between origins (default: the horizon).</summary>
    public int? Step { get; init; }

    /// <summary>A cross-validation history must have at least this many periods (and two seasons).</summary>
    /// <value>8.</value>
    public int MinHistory { get; init; } = 8;

    public Combination Combine { get; init; } = Combination.None;

    /// <summary>Candidates combined when <see cref="Combine"/> is not None.</summary>
    /// <value>3.</value>
    public int TopK { get; init; } = 3;

    /// <summary>Segment-conformal calibration of the chosen forecasts' quantiles on their cross-validation
    /// errors (<see cref="SegmentConformalCalibrator"/>); null leaves the models' own quantiles.</summary>
    /// <value>Calibration with its defaults.</value>
    public CalibrationOptions? Calibration { get; init; } = new();

    /// <summary>Spread the forecasts of intermittent and lumpy daily series (season 7) with their parent's
    /// day-of-week profile (<see cref="ForecastRequest.WeekdayProfiles"/>, else the region's measured on the batch).</summary>
    /// <value>true.</value>
    public bool SpreadSparseDailyByParentWeekday { get; init; } = true;

    public void Validate()
    {
        Calibration?.Validate();
        if (Regular.Count == 0 || Intermittent.Count == 0 || Windows < 1 || Step is < 1 || MinHistory < 1 || TopK < 1)
        {
            throw new ArgumentException("Auto options: candidate lists must not be empty; Windows, Step, MinHistory and TopK must be at least 1.");
        }
    }
}

/// <summary>
/// Automatic model selection per series: classify the demand (Syntetos-Boylan), forecast each of the last
/// <see cref="AutoOptions.Windows"/> rolling origins with every candidate of the class, score by mean
/// absolute error (the numerator of MASE, so choosing by it targets MASE), then forecast with the best
/// (or combine the best k). Series too short for any origin use the fallback. Each forecast records the
/// class, the chosen model with its score and the runner-up (<see cref="SeriesForecast.Choice"/>).
/// A candidate that is an <see cref="IOriginForecaster"/> is fitted once per series and forecasts the
/// origins from that fit (its parameters see the whole history, its state at an origin only the values
/// before it); any other candidate is refitted per origin. Series are spread over all cores (or
/// <paramref name="maxDegreeOfParallelism"/>), each independent of the others, so results do not depend
/// on the number of threads. An <see cref="IOriginMeansForecaster"/> candidate gives its origins' means
/// first and its final forecast only when it is chosen (or combined).
/// </summary>
public sealed class AutoForecaster(AutoOptions? options = null, int? maxDegreeOfParallelism = null) : IForecaster
{
    private readonly AutoOptions _options = Validated(options ?? new AutoOptions());

    public string Name => _options.Combine switch
    {
        Combination.Median => "Auto(median)",
        Combination.InverseError => "Auto(weighted)",
        _ => _options.Calibration is null ? "Auto(uncalibrated)" : "Auto",
    };

    public IReadOnlyList<SeriesForecast> Forecast(IReadOnlyList<DemandSeries> history, ForecastRequest request, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        var results = new SeriesForecast[history.Count];
        var validation = new SeriesValidation[history.Count];
        var parallel = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = maxDegreeOfParallelism ?? Environment.ProcessorCount };
        const int chunk = 32;
        int done = 0;
        Parallel.For(0, (history.Count + chunk - 1) / chunk, parallel, c =>
        {
            int end = Math.Min(history.Count, (c + 1) * chunk);
            var originMeans = new double[_options.Windows * request.Horizon];
            var candidateMeans = new double[Math.Max(_options.Regular.Count, _options.Intermittent.Count) * _options.Windows * request.Horizon];
            var cuts = new int[_options.Windows];
            for (int i = c * chunk; i < end; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                (results[i], validation[i]) = ForecastOne(history[i], request, cuts, originMeans, candidateMeans);
            }

            progress?.Report(Interlocked.Add(ref done, end - (c * chunk)));
        });
        if (_options.Calibration is { } calibration)
        {
            CalibrateInPlace(results, validation, history, request, calibration, parallel);
        }

        if (_options.SpreadSparseDailyByParentWeekday && request.SeasonLength == 7)
        {
            SpreadInPlace(results, validation, history, request);
        }

        return results;
    }

    /// <summary>Intermittent and lumpy daily series take their weekday shape from their parent: one such series
    /// cannot show that its region never trades on Sundays.</summary>
    private static void SpreadInPlace(SeriesForecast[] results, SeriesValidation[] validation, IReadOnlyList<DemandSeries> history, ForecastRequest request)
    {
        ParentWeekdayProfiles? profiles = request.WeekdayProfiles;
        for (int i = 0; i < results.Length; i++)
        {
            if (validation[i].Class is DemandClass.Intermittent or DemandClass.Lumpy && history[i].Granularity == Granularity.Day)
            {
                profiles ??= ParentWeekdayProfiles.Measure(history, ParentWeekdayProfiles.Region);
                if (profiles.SharesOf(history[i].Key) is { } shares)
                {
                    var spread = WeekdaySpreading.Spread(results[i], shares);
                    results[i] = spread.As(spread.Model, results[i].Choice is { } choice ? choice with { Notes = choice.Notes | ChoiceNotes.WeekdayProfileFromParent } : null);
                }
            }
        }
    }

    /// <summary>The demand class and cross-validation errors of a chosen forecast (null arrays: no origin).</summary>
    private readonly record struct SeriesValidation(DemandClass Class, double[]? Actuals, double[]? Means);

    /// <summary>Fits one <see cref="SegmentConformalCalibrator"/> on the batch's cross-validation errors and
    /// replaces every forecast's quantiles with calibrated ones (series without errors use their segment's offsets).</summary>
    private static void CalibrateInPlace(SeriesForecast[] results, SeriesValidation[] validation, IReadOnlyList<DemandSeries> history, ForecastRequest request, CalibrationOptions options, ParallelOptions parallel)
    {
        var volume = VolumeClasses.Assign(history);
        var samples = new List<CalibrationSample>(results.Length);
        for (int i = 0; i < results.Length; i++)
        {
            if (validation[i] is { Actuals: { } actuals, Means: { } means } v)
            {
                samples.Add(new CalibrationSample(results[i], volume[i], v.Class, actuals, means));
            }
        }

        var calibrator = SegmentConformalCalibrator.Fit(samples, request, options);
        if (!calibrator.IsFitted)
        {
            return;
        }

        Parallel.For(0, results.Length, parallel, i =>
        {
            var v = validation[i];
            double scale = v.Actuals is { } a && v.Means is { } m ? SegmentConformalCalibrator.ResidualScale(a, m, request.NonNegative) : 0;
            var calibrated = calibrator.Apply(results[i], volume[i], v.Class, scale);
            results[i] = calibrated.As(calibrated.Model, results[i].Choice is { } choice ? choice with { Notes = choice.Notes | ChoiceNotes.QuantilesCalibrated } : null);
        });
    }

    private (SeriesForecast Forecast, SeriesValidation Validation) ForecastOne(DemandSeries series, ForecastRequest request, int[] cutBuffer, double[] originMeans, double[] candidateMeans)
    {
        var demandClass = DemandClassifier.Classify(series.Values).Class;
        var candidates = demandClass is DemandClass.Smooth or DemandClass.Erratic ? _options.Regular : _options.Intermittent;
        int h = request.Horizon, step = _options.Step ?? h;
        var notes = ChoiceNotes.None;
        int count = Cuts(series.Length, h, step, Math.Max(_options.MinHistory, 2 * request.SeasonLength), cutBuffer);
        if (count == 0 && request.SeasonLength > 1 && Cuts(series.Length, h, step, _options.MinHistory, cutBuffer) > 0)
        {
            // A season longer than the history allows to validate: every model works, and is validated, without it.
            request = request with { SeasonLength = 1 };
            notes |= ChoiceNotes.SeasonTooLongForHistory;
            count = Cuts(series.Length, h, step, _options.MinHistory, cutBuffer);
        }

        var cuts = cutBuffer.AsSpan(0, count);
        var actual = series.Values;
        int points = 0;
        foreach (int cut in cuts)
        {
            for (int t = 0; t < h; t++)
            {
                points += double.IsNaN(actual[cut + t]) ? 0 : 1;
            }
        }

        if (points == 0)
        {
            var fallback = _options.Fallback.Forecast([series], request)[0];
            notes |= ZeroForecasts.IsUnexplained(fallback, series, request.SeasonLength) ? ChoiceNotes.ZeroFromFallback : ChoiceNotes.None;
            return (fallback.As(fallback.Model, new ModelChoice(demandClass.ToString(), fallback.Model, double.NaN, null, double.NaN) { Notes = notes }), new SeriesValidation(demandClass, null, null));
        }

        int block = cuts.Length * h;
        var originErrors = new double[candidates.Count * cuts.Length];
        var ranked = new (int Index, double Score, SeriesForecast? Forecast)[candidates.Count];
        for (int c = 0; c < candidates.Count; c++)
        {
            var means = originMeans.AsSpan(0, block);
            SeriesForecast? forecast = null;
            if (candidates[c] is IOriginMeansForecaster deferred)
            {
                deferred.OriginMeans(series, request, cuts, originMeans); // its final forecast only if it is kept (below)
            }
            else
            {
                forecast = OriginForecasts.Forecast(candidates[c], series, request, cuts, originMeans);
            }

            means.CopyTo(candidateMeans.AsSpan(c * block, block));
            double error = 0;
            for (int j = 0; j < cuts.Length; j++)
            {
                double atOrigin = 0;
                for (int t = 0; t < h; t++)
                {
                    double value = actual[cuts[j] + t], mean = means[(j * h) + t];
                    if (!double.IsNaN(value))
                    {
                        double absolute = Math.Abs(value - (request.NonNegative ? Math.Max(0, mean) : mean));
                        error += absolute; // summed point by point, as before: candidates' near-ties must break the same way
                        atOrigin += absolute;
                    }
                }

                originErrors[(c * cuts.Length) + j] = atOrigin;
            }

            ranked[c] = (c, error / points, forecast);
        }

        Array.Sort(ranked, (x, y) =>
        {
            int byScore = (double.IsFinite(x.Score) ? x.Score : double.MaxValue).CompareTo(double.IsFinite(y.Score) ? y.Score : double.MaxValue);
            return byScore != 0 ? byScore : x.Index.CompareTo(y.Index);
        });
        int kept = _options.Combine == Combination.None ? 1 : Math.Min(_options.TopK, ranked.Length);
        for (int k = 0; k < kept; k++)
        {
            ranked[k].Forecast ??= ((IOriginForecaster)candidates[ranked[k].Index]).ForecastWithOrigins(series, request, [], []);
        }

        var best = ranked[0];
        var chosen = _options.Combine == Combination.None
            ? best.Forecast!
            : Combine([.. ranked.Take(kept).Select(p => (p.Forecast!, p.Score))], series, request);
        bool contested = ranked.Length > 1;
        notes |= ZeroForecasts.IsUnexplained(chosen, series, request.SeasonLength) ? ChoiceNotes.ZeroChosenByValidation : ChoiceNotes.None;
        var choice = new ModelChoice(demandClass.ToString(), chosen.Model, best.Score, contested ? candidates[ranked[1].Index].Name : null, contested ? ranked[1].Score : double.NaN) { Notes = notes };
        var validation = _options.Calibration is { } calibration
            ? new SeriesValidation(demandClass, OriginActuals(actual, cuts, h, calibration.Residuals == CalibrationResiduals.Both ? 2 : 1),
                SelectionErrors.Means(candidateMeans, originErrors, candidates.Count, cuts.Length, h, best.Index, calibration.Residuals))
            : new SeriesValidation(demandClass, null, null);
        return (chosen.As(chosen.Model, choice), validation);
    }

    /// <summary>The actuals after each cut, cut-major, the whole set <paramref name="copies"/> times.</summary>
    private static double[] OriginActuals(ReadOnlySpan<double> values, ReadOnlySpan<int> cuts, int horizon, int copies)
    {
        int block = cuts.Length * horizon;
        var actuals = new double[copies * block];
        for (int j = 0; j < cuts.Length; j++)
        {
            values.Slice(cuts[j], horizon).CopyTo(actuals.AsSpan(j * horizon, horizon));
        }

        for (int k = 1; k < copies; k++)
        {
            actuals.AsSpan(0, block).CopyTo(actuals.AsSpan(k * block, block));
        }

        return actuals;
    }

    /// <summary>Writes the rolling origins (latest first) whose history is at least <paramref name="minHistory"/> long; returns their count.</summary>
    private int Cuts(int length, int horizon, int step, int minHistory, int[] cuts)
    {
        int count = 0;
        for (int j = 0; j < _options.Windows; j++)
        {
            int cut = length - horizon - (j * step);
            if (cut >= minHistory)
            {
                cuts[count++] = cut;
            }
        }

        return count;
    }

    private SeriesForecast Combine(IReadOnlyList<(SeriesForecast Forecast, double Score)> top, DemandSeries series, ForecastRequest request)
    {
        int h = request.Horizon, levels = request.QuantileLevels.Count;
        var mean = new double[h];
        var quantiles = new double[levels * h];
        var column = new double[top.Count];
        double[] weights = [.. top.Select(t => _options.Combine == Combination.InverseError ? 1 / Math.Max(t.Score, 1e-12) : 1)];
        double total = weights.Sum();
        for (int l = -1; l < levels; l++)
        {
            for (int t = 0; t < h; t++)
            {
                for (int m = 0; m < top.Count; m++)
                {
                    column[m] = l < 0 ? top[m].Forecast.Mean[t] : top[m].Forecast.Quantile(l)[t];
                }

                double value = _options.Combine == Combination.Median ? Median(column) : column.Select((v, m) => v * weights[m]).Sum() / total;
                if (l < 0)
                {
                    mean[t] = value;
                }
                else
                {
                    quantiles[(l * h) + t] = value;
                }
            }
        }

        string name = $"{(_options.Combine == Combination.Median ? "Median" : "Weighted")}({string.Join('+', top.Select(t => t.Forecast.Model))})";
        return new SeriesForecast(series.Key, name, series.Granularity, series.PeriodStart(series.Length), mean, request.QuantileLevels, quantiles);
    }

    private static double Median(double[] values)
    {
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        int n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[(n / 2) - 1] + sorted[n / 2]) / 2;
    }

    private static AutoOptions Validated(AutoOptions options)
    {
        options.Validate();
        return options;
    }
}
