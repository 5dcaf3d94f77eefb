using Forecasting.Core.Domain;
using Forecasting.Core.Forecasting;
using Forecasting.Core.Forecasting.Signals;
using Forecasting.Core.Planning;

namespace Forecasting.Core.Simulation;

/// <summary>
/// The forecasts of one re-training: every SKU x region series as known before <see cref="Origin"/> (at most
/// <see cref="ReplayOptions.TrainingHistoryDays"/>, from the item's launch), forecast <see cref="Horizon"/> days by the
/// baseline (sales only) and, for the anticipatory policy, the same forecasts through the leading-indicator step
/// (<see cref="LeadingIndicatorForecaster.Apply"/>: interest signals cut at the origin; one training per re-training).
/// A series with no history yet gets zeros.
/// </summary>
internal sealed class ReplayForecasts
{
    private ReplayForecasts(int origin, int horizon, double[][][]? salesOnly, double[][][]? anticipatory, string[]? salesModels, string[]? signalModels)
    {
        Origin = origin;
        Horizon = horizon;
        SalesOnly = salesOnly;
        Anticipatory = anticipatory;
        SalesModels = salesModels;
        SignalModels = signalModels;
    }

    public int Origin { get; }

    public int Horizon { get; }

    /// <summary>[sku][region] = mean, p10, p90 (3 x horizon values), or null when not asked for.</summary>
    private double[][][]? SalesOnly { get; }

    private double[][][]? Anticipatory { get; }

    private string[]? SalesModels { get; }

    private string[]? SignalModels { get; }

    public static ReplayForecasts Make(ReplayInput input, IForecaster baseline, bool salesOnly, bool anticipatory, int origin, int horizon, ReplayOptions options, CancellationToken cancellationToken)
    {
        if (!salesOnly && !anticipatory)
        {
            return new ReplayForecasts(origin, horizon, null, null, null, null);
        }

        var regions = input.Network.Regions;
        var history = new List<DemandSeries>();
        var slot = new List<(int Sku, int Region)>();
        for (int i = 0; i < input.Skus.Count; i++)
        {
            var sku = input.Skus[i];
            int launch = sku.Item.LaunchDate is { } l ? l.DayNumber - input.Start.DayNumber : 0;
            int start = Math.Max(Math.Max(0, launch), origin - options.TrainingHistoryDays);
            if (start >= origin)
            {
                continue;
            }

            for (int r = 0; r < regions.Count; r++)
            {
                var values = new double[origin - start];
                var demand = sku.Demand[r];
                for (int t = start; t < origin; t++)
                {
                    values[t - start] = demand[t];
                }

                history.Add(new DemandSeries(new SeriesKey(sku.Item.Sku, regions[r].Id), Granularity.Day, input.Start.AddDays(start), values));
                slot.Add((i, r));
            }
        }

        var request = new ForecastRequest { Horizon = horizon, SeasonLength = 7 };
        var baseForecasts = history.Count == 0 ? [] : baseline.Forecast(history, request, cancellationToken: cancellationToken);
        double[][][]? sales = salesOnly ? Table(input, baseForecasts, slot, horizon) : null;
        string[]? salesModels = salesOnly ? Models(input, baseForecasts, slot) : null;
        double[][][]? signals = null;
        string[]? signalModels = null;
        if (anticipatory)
        {
            var panel = new SignalPanel(history.Select(h => input.Signals.For(h.Key)?.AlignedTo(h)).OfType<SeriesSignals>());
            var lifted = history.Count == 0 ? baseForecasts
                : new LeadingIndicatorForecaster(baseline, panel).Apply(history, baseForecasts, request, cancellationToken).Forecasts;
            signals = Table(input, lifted, slot, horizon);
            signalModels = Models(input, lifted, slot);
        }

        return new ReplayForecasts(origin, horizon, sales, signals, salesModels, signalModels);
    }

    /// <summary>The region forecasts a plan on <paramref name="day"/> reads: the re-training's values from that day on.</summary>
    public (IReadOnlyList<RegionForecast> Forecasts, string Model) For(ReplayPolicy policy, int sku, Network network, int day)
    {
        var table = (policy == ReplayPolicy.Anticipatory ? Anticipatory : SalesOnly) ?? throw new InvalidOperationException($"No {ReplayPolicies.Name(policy)} forecasts were made.");
        string model = (policy == ReplayPolicy.Anticipatory ? SignalModels : SalesModels)![sku] ?? "none";
        int offset = day - Origin, length = Horizon - offset;
        var forecasts = new RegionForecast[network.Regions.Count];
        for (int r = 0; r < forecasts.Length; r++)
        {
            var values = table[sku]?[r];
            forecasts[r] = values is null
                ? new RegionForecast(network.Regions[r].Id, new double[length], new double[length], new double[length])
                : new RegionForecast(network.Regions[r].Id, values[offset..Horizon], values[(Horizon + offset)..(2 * Horizon)], values[((2 * Horizon) + offset)..]);
        }

        return (forecasts, model);
    }

    /// <summary>Perfect foresight: the orders that then came, as a forecast with no spread (zero past the data).</summary>
    public static IReadOnlyList<RegionForecast> Oracle(ReplaySku sku, Network network, int day, int horizon)
    {
        var forecasts = new RegionForecast[network.Regions.Count];
        for (int r = 0; r < forecasts.Length; r++)
        {
            var demand = sku.Demand[r];
            var values = new double[horizon];
            for (int k = 0; k < horizon && day + k < demand.Length; k++)
            {
                values[k] = demand[day + k];
            }

            forecasts[r] = new RegionForecast(network.Regions[r].Id, values, values, values);
        }

        return forecasts;
    }

    private static double[][][] Table(ReplayInput input, IReadOnlyList<SeriesForecast> forecasts, List<(int Sku, int Region)> slot, int horizon)
    {
        var table = new double[input.Skus.Count][][];
        for (int s = 0; s < forecasts.Count; s++)
        {
            var (sku, region) = slot[s];
            var f = forecasts[s];
            var values = new double[3 * horizon];
            f.Mean.CopyTo(values);
            f.Quantile(0.1).CopyTo(values.AsSpan(horizon));
            f.Quantile(0.9).CopyTo(values.AsSpan(2 * horizon));
            (table[sku] ??= new double[input.Network.Regions.Count][])[region] = values;
        }

        return table;
    }

    private static string[] Models(ReplayInput input, IReadOnlyList<SeriesForecast> forecasts, List<(int Sku, int Region)> slot)
    {
        var models = new string[input.Skus.Count];
        for (int s = 0; s < forecasts.Count; s++)
        {
            models[slot[s].Sku] ??= forecasts[s].Model;
        }

        return models;
    }
}
