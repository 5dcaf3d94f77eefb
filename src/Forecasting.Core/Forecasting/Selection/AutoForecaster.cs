using Forecasting.Core.Domain;
using Forecasting.Core.Forecasting.Models;
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

    public void Validate()
    {
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
/// class, the chosen model with its score and the runner-up (<see cref="SeriesForecast.Choice"/>). The
/// candidates are called on whole batches, so their own parallelism applies.
/// </summary>
public sealed class AutoForecaster(AutoOptions? options = null) : IForecaster
{
    /// <summary>Series per block: each candidate runs on a whole block at once (all cores), and only one
    /// block's slices and candidate forecasts are alive at a time.</summary>
    private const int BlockSize = 4_096;

    private readonly AutoOptions _options = Validated(options ?? new AutoOptions());

    public string Name => _options.Combine switch
    {
        Combination.Median => "Auto(median)",
        Combination.InverseError => "Auto(weighted)",
        _ => "Auto",
    };

    public IReadOnlyList<SeriesForecast> Forecast(IReadOnlyList<DemandSeries> history, ForecastRequest request, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        var results = new SeriesForecast[history.Count];
        var classes = history.Select(s => DemandClassifier.Classify(s.Values).Class).ToArray();
        var groups = new[]
        {
            (Candidates: _options.Regular, Members: Enumerable.Range(0, history.Count).Where(i => classes[i] is DemandClass.Smooth or DemandClass.Erratic).ToList()),
            (Candidates: _options.Intermittent, Members: Enumerable.Range(0, history.Count).Where(i => classes[i] is DemandClass.Intermittent or DemandClass.Lumpy).ToList()),
        };
        int done = 0;
        foreach (var (candidates, members) in groups)
        {
            // Blocks bound the memory of the cross-validation slices and of the candidates' forecasts.
            for (int from = 0; from < members.Count; from += BlockSize)
            {
                var block = members.GetRange(from, Math.Min(BlockSize, members.Count - from));
                ForecastGroup(history, block, candidates, classes, request, results, cancellationToken);
                done += block.Count;
                progress?.Report(done);
            }
        }

        return results;
    }

    private void ForecastGroup(IReadOnlyList<DemandSeries> history, List<int> members, IReadOnlyList<IForecaster> candidates, DemandClass[] classes, ForecastRequest request, SeriesForecast[] results, CancellationToken cancellationToken)
    {
        int h = request.Horizon, step = _options.Step ?? h;
        int minHistory = Math.Max(_options.MinHistory, 2 * request.SeasonLength);
        var slices = new List<DemandSeries>();
        var owner = new List<int>();
        var cuts = new List<int>();
        for (int position = 0; position < members.Count; position++)
        {
            var series = history[members[position]];
            for (int j = 0; j < _options.Windows; j++)
            {
                int cut = series.Length - h - (j * step);
                if (cut >= minHistory)
                {
                    slices.Add(series.Slice(0, cut));
                    owner.Add(position);
                    cuts.Add(cut);
                }
            }
        }

        var errors = new double[candidates.Count, members.Count];
        var points = new int[members.Count];
        for (int c = 0; c < candidates.Count; c++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var forecasts = slices.Count == 0 ? [] : candidates[c].Forecast(slices, request, null, cancellationToken);
            for (int k = 0; k < forecasts.Count; k++)
            {
                var actual = history[members[owner[k]]].Values.Slice(cuts[k], h);
                var mean = forecasts[k].Mean;
                for (int t = 0; t < h; t++)
                {
                    if (!double.IsNaN(actual[t]))
                    {
                        errors[c, owner[k]] += Math.Abs(actual[t] - mean[t]);
                        if (c == 0)
                        {
                            points[owner[k]]++;
                        }
                    }
                }
            }
        }

        var contested = Enumerable.Range(0, members.Count).Where(p => points[p] > 0).ToList();
        var finals = new IReadOnlyList<SeriesForecast>[candidates.Count];
        var full = contested.Select(p => history[members[p]]).ToList();
        for (int c = 0; c < candidates.Count; c++)
        {
            finals[c] = full.Count == 0 ? [] : candidates[c].Forecast(full, request, null, cancellationToken);
        }

        for (int k = 0; k < contested.Count; k++)
        {
            int position = contested[k], i = members[position];
            var ranked = Enumerable.Range(0, candidates.Count)
                .Select(c => (Index: c, Score: errors[c, position] / points[position]))
                .OrderBy(p => double.IsFinite(p.Score) ? p.Score : double.MaxValue).ThenBy(p => p.Index).ToList();
            var best = ranked[0];
            var runnerUp = ranked.Count > 1 ? ranked[1] : default;
            var chosen = _options.Combine == Combination.None
                ? finals[best.Index][k]
                : Combine([.. ranked.Take(_options.TopK).Select(p => (finals[p.Index][k], p.Score))], history[i], request);
            results[i] = Explained(chosen, new ModelChoice(classes[i].ToString(), chosen.Model, best.Score, ranked.Count > 1 ? candidates[runnerUp.Index].Name : null, ranked.Count > 1 ? runnerUp.Score : double.NaN));
        }

        var uncontested = Enumerable.Range(0, members.Count).Where(p => points[p] == 0).Select(p => members[p]).ToList();
        if (uncontested.Count > 0)
        {
            var fallback = _options.Fallback.Forecast([.. uncontested.Select(i => history[i])], request, null, cancellationToken);
            for (int k = 0; k < uncontested.Count; k++)
            {
                int i = uncontested[k];
                results[i] = Explained(fallback[k], new ModelChoice(classes[i].ToString(), fallback[k].Model, double.NaN, null, double.NaN));
            }
        }
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

    private static SeriesForecast Explained(SeriesForecast forecast, ModelChoice choice)
    {
        var levels = forecast.QuantileLevels;
        var quantiles = new double[levels.Count * forecast.Horizon];
        for (int l = 0; l < levels.Count; l++)
        {
            forecast.Quantile(l).CopyTo(quantiles.AsSpan(l * forecast.Horizon));
        }

        return new SeriesForecast(forecast.Key, forecast.Model, forecast.Granularity, forecast.FirstTarget, forecast.Mean.ToArray(), levels, quantiles) { Choice = choice };
    }

    private static AutoOptions Validated(AutoOptions options)
    {
        options.Validate();
        return options;
    }
}
