using Forecasting.Core.Forecasting;
using Forecasting.Core.Forecasting.Models;
using Forecasting.Core.Forecasting.Selection;
using Forecasting.Core.Ssa;

namespace Forecasting.Pipeline.Models;

/// <summary>The forecasters by the short names used on the command line and in configuration.</summary>
public static class ModelCatalog
{
    private static readonly Dictionary<string, Func<IForecaster>> Factories = new(StringComparer.OrdinalIgnoreCase)
    {
        ["naive"] = () => new NaiveForecaster(),
        ["snaive"] = () => new SeasonalNaiveForecaster(),
        ["naive2"] = () => new Naive2Forecaster(),
        ["wavg"] = () => new WindowAverageForecaster(),
        ["ses"] = () => new SesForecaster(),
        ["holt"] = () => new HoltDampedForecaster(),
        ["theta"] = () => new ThetaForecaster(),
        ["croston"] = () => new IntermittentForecaster(IntermittentMethod.Croston),
        ["sba"] = () => new IntermittentForecaster(IntermittentMethod.Sba),
        ["tsb"] = () => new IntermittentForecaster(IntermittentMethod.Tsb),
        ["ssa"] = () => new SsaForecaster(),
        ["auto"] = () => new AutoForecaster(),
        ["auto-uncalibrated"] = () => new AutoForecaster(new AutoOptions { Calibration = null }),
        ["auto-median"] = () => new AutoForecaster(new AutoOptions { Combine = Combination.Median }),
        ["auto-weighted"] = () => new AutoForecaster(new AutoOptions { Combine = Combination.InverseError }),
    };

    public static IReadOnlyCollection<string> Names => Factories.Keys;

    /// <exception cref="ArgumentException">An unknown name (the message lists the known ones).</exception>
    public static IReadOnlyList<IForecaster> Resolve(string commaSeparated)
    {
        var names = commaSeparated.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Length == 0)
        {
            throw new ArgumentException($"No model given; known models: {string.Join(", ", Factories.Keys)}.");
        }

        return [.. names.Select(name => Factories.TryGetValue(name, out var factory)
            ? factory()
            : throw new ArgumentException($"Unknown model '{name}'; known models: {string.Join(", ", Factories.Keys)}."))];
    }
}
