using Forecasting.Core.Domain;

namespace Forecasting.Core.Forecasting;

/// <summary>
/// The forecast of one series: a point forecast (mean) and quantiles for each step 1..H after the last
/// observed period. Immutable once built.
/// </summary>
public sealed class SeriesForecast
{
    private readonly double[] _mean;
    private readonly double[] _quantiles; // level-major: [level * Horizon + step]

    /// <param name="quantiles">Level-major values: index <c>level * horizon + step</c>.</param>
    public SeriesForecast(SeriesKey key, string model, Granularity granularity, DateOnly firstTarget, double[] mean, IReadOnlyList<double> quantileLevels, double[] quantiles)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(quantileLevels);
        ArgumentNullException.ThrowIfNull(quantiles);
        if (quantiles.Length != quantileLevels.Count * mean.Length)
        {
            throw new ArgumentException($"Expected {quantileLevels.Count} x {mean.Length} quantile values, got {quantiles.Length}.", nameof(quantiles));
        }

        Key = key;
        Model = model;
        Granularity = granularity;
        FirstTarget = firstTarget;
        _mean = mean;
        QuantileLevels = quantileLevels;
        _quantiles = quantiles;
    }

    public SeriesKey Key { get; }

    /// <summary>The same forecast under another model name and choice (the values are shared: both are immutable).</summary>
    public SeriesForecast As(string model, ModelChoice? choice = null) =>
        new(Key, model, Granularity, FirstTarget, _mean, QuantileLevels, _quantiles) { Choice = choice ?? Choice };

    /// <summary>Why this model: set by automatic selection (class, cross-validation score, runner-up).</summary>
    public ModelChoice? Choice { get; init; }

    /// <summary>Name of the model that produced the forecast.</summary>
    public string Model { get; }

    public Granularity Granularity { get; }

    /// <summary>The period forecast at step 1 (the period after the last observation).</summary>
    public DateOnly FirstTarget { get; }

    public int Horizon => _mean.Length;

    public ReadOnlySpan<double> Mean => _mean;

    public IReadOnlyList<double> QuantileLevels { get; }

    /// <summary>The date labelling step <paramref name="step"/> (0-based).</summary>
    public DateOnly TargetDate(int step) => FirstTarget.AddDays(step * (Granularity == Granularity.Day ? 1 : 7));

    /// <summary>Forecasts of quantile level number <paramref name="levelIndex"/> for every step.</summary>
    public ReadOnlySpan<double> Quantile(int levelIndex) => _quantiles.AsSpan(levelIndex * _mean.Length, _mean.Length);

    /// <summary>Forecasts of the quantile at exactly <paramref name="level"/> (e.g. 0.9).</summary>
    /// <exception cref="ArgumentException">The level was not requested.</exception>
    public ReadOnlySpan<double> Quantile(double level)
    {
        int index = IndexOfLevel(QuantileLevels, level);
        return index >= 0 ? Quantile(index)
            : throw new ArgumentException($"Quantile {level} was not forecast; levels are {string.Join(", ", QuantileLevels)}.", nameof(level));
    }

    /// <summary>Position of <paramref name="level"/> in <paramref name="levels"/> (within 1e-9), or -1.</summary>
    public static int IndexOfLevel(IReadOnlyList<double> levels, double level)
    {
        ArgumentNullException.ThrowIfNull(levels);
        for (int i = 0; i < levels.Count; i++)
        {
            if (Math.Abs(levels[i] - level) < 1e-9)
            {
                return i;
            }
        }

        return -1;
    }
}
