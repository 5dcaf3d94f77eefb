using Forecasting.Core.Domain;
using Forecasting.Core.Forecasting.Signals;

namespace Forecasting.Core.Forecasting.ColdStart;

/// <summary>What the cold-start step did in one call.</summary>
/// <param name="Targets">Series with less than <see cref="ColdStartOptions.MinHistoryDays"/> days since launch.</param>
/// <param name="Forecast">Targets forecast from analogues (the others had none and keep the pipeline's forecast).</param>
/// <param name="MeanAnalogues">Analogues per forecast target, on average.</param>
public sealed record ColdStartReport(int Targets, int Forecast, double MeanAnalogues)
{
    public static ColdStartReport None { get; } = new(0, 0, 0);
}

/// <summary>
/// Forecasts series too new to learn from their own history: a SKU x region with less than
/// <see cref="ColdStartOptions.MinHistoryDays"/> days since its catalog launch date (or launching within the
/// horizon). Its analogues are items launched inside the history, in the same region, sharing its attributes
/// (<see cref="AnalogueLevel"/>, relaxed until enough match); their units at the same ages after launch give the
/// curve, scaled to the target by its own early interest and early sales: the scale k has a gamma prior centred
/// on the target's interest against the analogues' at the same ages (weight <see cref="ColdStartOptions.InterestWeight"/>),
/// updated by its units so far against theirs (Poisson), k = (w + own units) / (w / interest ratio + analogue units).
/// Quantiles are split-conformal: each analogue is forecast from the others the same way and the normalised errors
/// (y - m) / sqrt(m + m²/2) of those forecasts give each level's offset. Named <c>ColdStart(analogues=N)</c>.
/// </summary>
public sealed class ColdStartForecaster
{
    private readonly Dictionary<string, CatalogItem> _catalog;
    private readonly SignalPanel _signals;
    private readonly ColdStartOptions _options;

    public ColdStartForecaster(IEnumerable<CatalogItem> catalog, SignalPanel? signals = null, ColdStartOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        _catalog = [];
        foreach (var item in catalog)
        {
            _catalog[item.Sku] = item;
        }

        _signals = signals ?? SignalPanel.Empty;
        _options = options ?? new ColdStartOptions();
        _options.Validate();
    }

    public static string ModelName(int analogues) => $"ColdStart(analogues={analogues})";

    /// <summary>Replaces the forecasts (made by any model for <paramref name="history"/>, same order) of the series too new for their own history.</summary>
    public (IReadOnlyList<SeriesForecast> Forecasts, ColdStartReport Report) Apply(
        IReadOnlyList<DemandSeries> history, IReadOnlyList<SeriesForecast> forecasts, ForecastRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(forecasts);
        ArgumentNullException.ThrowIfNull(request);
        var targets = new List<int>();
        for (int i = 0; i < history.Count; i++)
        {
            if (history[i].Granularity == Granularity.Day && Age(history[i], forecasts[i].FirstTarget) < _options.MinHistoryDays)
            {
                targets.Add(i);
            }
        }

        if (targets.Count == 0)
        {
            return (forecasts, ColdStartReport.None);
        }

        var pool = AnaloguePool.Build(history, _catalog, _signals);
        var results = forecasts.ToArray();
        int forecast = 0;
        long analogues = 0;
        foreach (int i in targets)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var series = history[i];
            if (Forecast(pool, series, forecasts[i].FirstTarget, request) is not { } made)
            {
                continue;
            }

            var (mean, quantiles, count) = made;
            string name = ModelName(count);
            var choice = forecasts[i].Choice is { } c ? c with { Chosen = name, RunnerUp = forecasts[i].Model, RunnerUpScore = c.Score } : null;
            results[i] = new SeriesForecast(series.Key, name, Granularity.Day, forecasts[i].FirstTarget, mean, request.QuantileLevels, quantiles) { Choice = choice };
            forecast++;
            analogues += count;
        }

        return (results, new ColdStartReport(targets.Count, forecast, forecast == 0 ? 0 : (double)analogues / forecast));
    }

    /// <summary>
    /// Forecasts an item of the catalog that has no stored day yet in <paramref name="region"/> (it launches within the
    /// horizon from <paramref name="firstTarget"/>), from the analogues in <paramref name="history"/>; null without a
    /// launch date or analogues.
    /// </summary>
    public SeriesForecast? ForecastUnlaunched(IReadOnlyList<DemandSeries> history, string sku, string region, DateOnly firstTarget, ForecastRequest request)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(request);
        if (!_catalog.TryGetValue(sku, out var item) || item.LaunchDate is not { } launch || launch < firstTarget)
        {
            return null;
        }

        var empty = new DemandSeries(new SeriesKey(sku, region), Granularity.Day, launch, []);
        if (Forecast(AnaloguePool.Build(history, _catalog, _signals), empty, firstTarget, request) is not { } made)
        {
            return null;
        }

        string name = ModelName(made.Analogues);
        return new SeriesForecast(empty.Key, name, Granularity.Day, firstTarget, made.Mean, request.QuantileLevels, made.Quantiles)
        {
            Choice = new ModelChoice("ColdStart", name, double.NaN, null, double.NaN),
        };
    }

    /// <summary>Days from the series' launch (its catalog launch date, else its first day) to the first day forecast; negative before the launch.</summary>
    private int Age(DemandSeries series, DateOnly firstTarget)
    {
        var launch = _catalog.TryGetValue(series.Key.Sku, out var item) && item.LaunchDate is { } l ? l : series.Start;
        return firstTarget.DayNumber - launch.DayNumber;
    }

    private (double[] Mean, double[] Quantiles, int Analogues)? Forecast(AnaloguePool pool, DemandSeries series, DateOnly firstTarget, ForecastRequest request)
    {
        int h = request.Horizon;
        int age = Age(series, firstTarget);
        int known = Math.Max(0, age), offset = Math.Max(0, -age); // days of own history since launch; forecast days before the launch
        if (offset >= h || !_catalog.TryGetValue(series.Key.Sku, out var item))
        {
            return null;
        }

        var launch = firstTarget.AddDays(-age);
        var chosen = pool.Find(item, series.Key.Region, launch.DayNumber, known + h - offset, _options);
        if (chosen.Count == 0)
        {
            return null;
        }

        // The target's own units and interest since launch (the series may start before the launch: pre-launch interest is not used).
        int from = Math.Max(0, launch.DayNumber - series.Start.DayNumber);
        double ownUnits = 0, ownInterest = 0;
        var interest = pool.InterestOf(series);
        for (int t = from; t < series.Length; t++)
        {
            ownUnits += series.Values[t];
            ownInterest += interest?[t] ?? 0;
        }

        int n = chosen.Count;
        double sumUnits = 0, sumInterest = 0;
        bool analoguesHaveInterest = chosen.All(a => a.Interest is not null);
        var curve = new double[h];
        foreach (var a in chosen)
        {
            sumUnits += a.EarlyUnits(known);
            sumInterest += analoguesHaveInterest ? a.EarlyInterest(known) : 0;
            for (int t = offset; t < h; t++)
            {
                curve[t] += a.Units[known + t - offset];
            }
        }

        bool useInterest = known > 0 && interest is not null && analoguesHaveInterest && sumInterest > 0;
        double scale = Scale(known, ownUnits, ownInterest, sumUnits / n, sumInterest / n, useInterest);
        var mean = new double[h];
        for (int t = offset; t < h; t++)
        {
            mean[t] = scale * curve[t] / n;
        }

        var offsets = ConformalOffsets(chosen, known, offset, h, curve, sumUnits, sumInterest, useInterest, request.QuantileLevels);
        var quantiles = new double[request.QuantileLevels.Count * h];
        for (int l = 0; l < request.QuantileLevels.Count; l++)
        {
            for (int t = offset; t < h; t++)
            {
                quantiles[(l * h) + t] = Math.Max(0, mean[t] + (Spread(mean[t]) * offsets[l]));
            }
        }

        return (mean, quantiles, n);
    }

    /// <summary>The target's scale against the analogues' average: a gamma prior centred on its interest ratio, updated by its units.</summary>
    private double Scale(int known, double ownUnits, double ownInterest, double analogueUnits, double analogueInterest, bool useInterest)
    {
        if (known == 0)
        {
            return 1;
        }

        double prior = useInterest ? (ownInterest + 0.5) / (analogueInterest + 0.5) : 1;
        double weight = useInterest ? _options.InterestWeight : _options.AnalogueWeight;
        return (weight + ownUnits) / ((weight / prior) + analogueUnits);
    }

    /// <summary>Error scale of a daily count forecast with mean m (negative binomial with dispersion 2).</summary>
    private static double Spread(double mean) => Math.Sqrt(mean + (0.5 * mean * mean)) + 1e-6;

    /// <summary>Each analogue forecast from the others exactly as the target is: the empirical quantiles of the normalised errors.</summary>
    private double[] ConformalOffsets(IReadOnlyList<Analogue> chosen, int known, int offset, int h, double[] curve, double sumUnits, double sumInterest, bool useInterest, IReadOnlyList<double> levels)
    {
        int n = chosen.Count;
        if (n < 2)
        {
            return [.. levels.Select(p => (p - 0.5) * 4)]; // one analogue: a wide band (about 1.6 spreads between p10 and p90)
        }

        var scores = new List<double>(n * (h - offset));
        foreach (var a in chosen)
        {
            double early = a.EarlyUnits(known), earlyInterest = useInterest ? a.EarlyInterest(known) : 0;
            double scale = Scale(known, early, earlyInterest, (sumUnits - early) / (n - 1), (sumInterest - earlyInterest) / (n - 1), useInterest);
            for (int t = offset; t < h; t++)
            {
                double y = a.Units[known + t - offset];
                double m = scale * (curve[t] - y) / (n - 1);
                scores.Add((y - m) / Spread(m));
            }
        }

        scores.Sort();
        return [.. levels.Select(p => scores[Math.Clamp((int)Math.Ceiling(p * (scores.Count + 1)) - 1, 0, scores.Count - 1)])];
    }
}
