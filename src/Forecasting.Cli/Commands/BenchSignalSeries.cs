using Forecasting.Core.Domain;
using Forecasting.Core.Forecasting;
using Forecasting.Core.Forecasting.ColdStart;
using Forecasting.Core.Forecasting.Models;
using Forecasting.Core.Forecasting.Selection;
using Forecasting.Core.Forecasting.Signals;
using Forecasting.Core.Synthetic;
using Forecasting.Storage.Files;

namespace Forecasting.Cli.Commands;

/// <summary>
/// Series with interest signals for <c>bench forecast</c>: a platform written by <c>generate</c> (<c>--platform DIR</c>, e.g.
/// the demo's input folder) or one generated in memory (<c>--platform-skus N</c>, N SKUs x 6 regions), and the variants
/// that read the signals: <c>auto-signals</c> (the automatic pipeline, the leading indicator and cold start, as the
/// training job runs them) and <c>leading-indicator</c> (the leading-indicator model trained and applied on a
/// seasonal-naive baseline: the model's own cost).
/// </summary>
internal static class BenchSignalSeries
{
    public static readonly IReadOnlyList<string> Variants = ["auto-signals", "leading-indicator"];

    public sealed record Platform(List<DemandSeries> Series, SignalPanel Signals, IReadOnlyList<CatalogItem> Catalog);

    public static Platform Read(string folder)
    {
        var history = PlatformHistory.Read(folder);
        return new Platform([.. history.Series.Where(s => s.Length > 0)], history.Signals, history.Catalog);
    }

    /// <summary>Every SKU x region series of a platform generated in memory, with its views, searches, cart and wishlist adds, from each launch.</summary>
    public static Platform Generate(int skus, int days)
    {
        var platform = SyntheticPlatform.Create(new GeneratorOptions { Skus = skus, Regions = 6, Days = days, Seed = 2026 });
        int regions = platform.Options.Regions, first = platform.Options.Start.DayNumber;
        var regionIndex = platform.Truth.Regions.Select((r, i) => (r.Region, i)).ToDictionary(p => p.Region, p => p.i, StringComparer.Ordinal);
        var itemIndex = platform.Catalog.Select((c, i) => (c.Sku, i)).ToDictionary(p => p.Sku, p => p.i, StringComparer.Ordinal);
        var columns = new double[skus * regions][][];
        foreach (var row in platform.Demand())
        {
            int s = (itemIndex[row.Sku] * regions) + regionIndex[row.Region], d = row.Date.DayNumber - first;
            var c = columns[s] ??= [new double[days], new double[days], new double[days], new double[days], new double[days]];
            c[0][d] = row.Units;
            c[1][d] = row.Views;
            c[2][d] = row.Searches;
            c[3][d] = row.CartAdds;
            c[4][d] = row.WishlistAdds;
        }

        var series = new List<DemandSeries>(columns.Length);
        var signals = new List<SeriesSignals>(columns.Length);
        for (int s = 0; s < columns.Length; s++)
        {
            if (columns[s] is not { } c)
            {
                continue;
            }

            var item = platform.Catalog[s / regions];
            int start = item.LaunchDate is { } l ? Math.Clamp(l.DayNumber - first, 0, days - 1) : 0;
            var key = new SeriesKey(item.Sku, platform.Truth.Regions[s % regions].Region);
            series.Add(new DemandSeries(key, Granularity.Day, platform.Options.Start.AddDays(start), c[0][start..]));
            signals.Add(new SeriesSignals(key, platform.Options.Start.AddDays(start), PlatformHistory.SignalColumns, [.. c[1..].Select(v => v[start..])]));
            columns[s] = null!; // the copies above are the only ones kept
        }

        return new Platform(series, new SignalPanel(signals), platform.Catalog);
    }

    public static IForecaster Create(string variant, Platform platform, int threads) => variant switch
    {
        "auto-signals" => new WithColdStart(new LeadingIndicatorForecaster(new AutoForecaster(null, threads), platform.Signals), platform),
        "leading-indicator" => new LeadingIndicatorForecaster(new SeasonalNaiveForecaster(), platform.Signals),
        _ => throw new ArgumentException($"Unknown signal variant '{variant}'; known: {string.Join(", ", Variants)}."),
    };

    /// <summary>A forecaster followed by cold start from analogues, as the training job runs the automatic pipeline.</summary>
    private sealed class WithColdStart(IForecaster inner, Platform platform) : IForecaster
    {
        public string Name => inner.Name;

        public IReadOnlyList<SeriesForecast> Forecast(IReadOnlyList<DemandSeries> history, ForecastRequest request, IProgress<int>? progress = null, CancellationToken cancellationToken = default) =>
            new ColdStartForecaster(platform.Catalog, platform.Signals).Apply(history, inner.Forecast(history, request, progress, cancellationToken), request, cancellationToken).Forecasts;
    }
}
