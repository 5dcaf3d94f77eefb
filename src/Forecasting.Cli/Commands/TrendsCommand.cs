using System.CommandLine;
using System.Globalization;
using Forecasting.Core.Synthetic;
using Forecasting.Core.Trends;
using Forecasting.Storage;
using Forecasting.Storage.Abstractions;
using Forecasting.Storage.Files;
using Spectre.Console;

namespace Forecasting.Cli.Commands;

/// <summary>
/// <c>forecasting trends</c>: demand and interest by catalog attribute and ISO week with the forecast weeks ahead; and
/// <c>trends emerging</c> / <c>trends fading</c>: the items (or attribute values) whose interest runs ahead of their sales.
/// </summary>
internal static class TrendsCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var database = Commands.CommonOptions.Database();
        var attribute = new Option<string?>("--attribute") { Description = "group by: category, style, colour, material, price_band, region, or a combination (category,colour); none: one total" };
        var weeks = new Option<int>("--weeks") { Description = "complete ISO weeks to show, ending with the last complete week", DefaultValueFactory = _ => 12 };
        var (region, filters, asOf, bands, format) = SharedOptions();
        var command = new Command("trends", "Units, returns, interest, conversion and growth by catalog attribute and ISO week, with the forecast weeks of the newest completed production run.")
        {
            database, attribute, weeks, region, filters, asOf, bands, format,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var dimensions = result.GetValue(attribute) is { Length: > 0 } text ? Named("--attribute", () => TrendDimensions.ParseList(text)) : [];
            var store = await StoreFactory.OpenExistingAsync(result.GetValue(database)!, null, cancellationToken);
            var (chosen, priceBands) = await FiltersAsync(store, result, region, filters, bands, cancellationToken);
            var report = await store.QueryTrendsAsync(new TrendQuery(dimensions, chosen, result.GetValue(weeks), Day(result.GetValue(asOf)), priceBands), cancellationToken);
            string[] columns = [.. dimensions.Select(d => d.Name()), "week", "kind", "units", "returns", "return_rate", "views", "searches", "cart_adds", "wishlist_adds",
                "units_per_view", "units_per_cart_add", "units_growth_4w", "units_growth_year", "interest_growth_4w", "interest_growth_year", "forecast_days", "forecast_mean", "forecast_p10", "forecast_p90"];
            var rows = new List<IReadOnlyList<object?>>();
            foreach (var series in report.Series)
            {
                object?[] group = [.. dimensions.Select(d => series.Group[d])];
                rows.AddRange(series.Weeks.Select(w => (IReadOnlyList<object?>)[.. group, w.Week, "actual", w.Totals.Units, w.Totals.Returns, w.ReturnRate, w.Totals.Views, w.Totals.Searches,
                    w.Totals.CartAdds, w.Totals.WishlistAdds, w.UnitsPerView, w.UnitsPerCartAdd, w.UnitsGrowth4Weeks, w.UnitsGrowthYear, w.InterestGrowth4Weeks, w.InterestGrowthYear, null, null, null, null]));
                rows.AddRange(series.Forecast.Select(f => (IReadOnlyList<object?>)[.. group, f.Week, "forecast", .. Enumerable.Repeat<object?>(null, 14), f.Days, f.Mean, f.P10, f.P90]));
            }

            Listing.Write(console, result.GetValue(format), columns, rows);
            return 0;
        });
        command.Subcommands.Add(Ranking(console, EmergenceDirection.Emerging));
        command.Subcommands.Add(Ranking(console, EmergenceDirection.Fading));
        command.Subcommands.Add(Rebuild(console));
        return command;
    }

    /// <summary><c>trends rebuild</c>: the weekly rollups summed again from every stored day (every ingest batch keeps them
    /// current in its own transaction; this is the repair path for a store changed behind the ingest's back).</summary>
    private static Command Rebuild(IAnsiConsole console)
    {
        var database = Commands.CommonOptions.Database();
        var command = new Command("rebuild", "Sum the weekly trend rollups again from every stored day of demand (loads keep them current by themselves).") { database };
        command.SetAction(async (result, cancellationToken) =>
        {
            var store = await StoreFactory.OpenExistingAsync(result.GetValue(database)!, null, cancellationToken);
            long started = TimeProvider.System.GetTimestamp();
            await store.RebuildTrendRollupsAsync(cancellationToken);
            var summary = await store.GetDemandSummaryAsync(cancellationToken);
            console.MarkupLineInterpolated($"trend rollups rebuilt from {summary.Rows:N0} daily rows in {TimeProvider.System.GetElapsedTime(started).TotalSeconds:F1} s");
            return 0;
        });
        return command;
    }

    private static Command Ranking(IAnsiConsole console, EmergenceDirection direction)
    {
        var database = Commands.CommonOptions.Database();
        var by = new Option<string?>("--by") { Description = "rank attribute values (e.g. colour, or category,colour) instead of SKUs" };
        var top = new Option<int>("--top") { Description = "how many, strongest first", DefaultValueFactory = _ => 20 };
        var truth = new Option<FileInfo?>("--truth") { Description = "truth.json of a generated platform: adds a planted column (trend item with its sales ramp under way) and prints the precision" };
        var (region, filters, asOf, bands, format) = SharedOptions();
        string name = direction == EmergenceDirection.Emerging ? "emerging" : "fading";
        var command = new Command(name, direction == EmergenceDirection.Emerging
            ? "Items whose interest (views, searches, cart and wishlist adds) is rising faster than their sales, against their category: demand not arrived yet."
            : "Items whose interest is falling faster than their sales, against their category.")
        {
            database, by, top, region, filters, asOf, bands, truth, format,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var keys = result.GetValue(by) is { Length: > 0 } text ? Named("--by", () => TrendDimensions.ParseList(text)) : [];
            var planted = result.GetValue(truth) is { } file ? PlatformHistory.ReadTruth(file.FullName) : null;
            if (planted is not null && keys.Count > 0)
            {
                throw new ArgumentException("--truth checks SKUs: leave out --by");
            }

            var store = await StoreFactory.OpenExistingAsync(result.GetValue(database)!, null, cancellationToken);
            var (chosen, priceBands) = await FiltersAsync(store, result, region, filters, bands, cancellationToken);
            var report = await store.RankEmergenceAsync(new EmergenceQuery(direction, keys, chosen, result.GetValue(top), Day(result.GetValue(asOf)), PriceBands: priceBands), cancellationToken);
            var trends = planted?.Items.Where(i => i.Trend is not null).ToDictionary(i => i.Sku, i => i.Trend!, StringComparer.Ordinal);
            string keyColumn = keys.Count == 0 ? "sku" : string.Join("/", keys.Select(k => k.Name()));
            string[] columns = ["rank", keyColumn, "score", "interest_growth", "sales_growth", "lag_days", "regions_turned", "turned", "baseline_interest_per_day", "recent_interest_per_day",
                "baseline_units_per_day", "recent_units_per_day", .. planted is null ? Array.Empty<string>() : ["planted"]];
            var rows = report.Items.Select((s, i) => (IReadOnlyList<object?>)[i + 1, s.Key, s.Score, s.InterestGrowth, s.SalesGrowth, s.LagDays, $"{s.RegionsTurned.Count}/{s.Regions}",
                string.Join(' ', s.RegionsTurned), s.BaselineInterestPerDay, s.RecentInterestPerDay, s.BaselineUnitsPerDay, s.RecentUnitsPerDay,
                .. planted is null ? Array.Empty<object?>() : [Planted(trends!, s.Key, report.Window!.AsOf)]]).ToList();
            Listing.Write(console, result.GetValue(format), columns, rows);
            if (planted is not null && report.Window is { } window && rows.Count > 0 && result.GetValue(format) == ListingFormat.Table)
            {
                double precision = TrendPhase.Precision([.. report.Items.Select(i => i.Key)], planted, window.AsOf);
                console.MarkupLineInterpolated($"as of {window.AsOf:yyyy-MM-dd}: {precision:P0} of the {rows.Count} items ranked are planted trends with their sales ramp under way ({TrendPhase.UnderWay(planted, window.AsOf)} such items in the platform)");
            }

            return 0;
        });
        return command;
    }

    private static string Planted(Dictionary<string, TrendTruth> trends, string sku, DateOnly day) =>
        !trends.TryGetValue(sku, out var trend) ? "no" : TrendPhase.SalesRampUnderWay(trend, day) ? "under way" : "trend, not under way";

    private static (Option<string?> Region, Option<string[]> Filters, Option<string?> AsOf, Option<string?> Bands, Option<ListingFormat> Format) SharedOptions() =>
    (
        new Option<string?>("--region") { Description = "only this region (default: all regions summed)" },
        new Option<string[]>("--filter") { Description = "attribute=value, e.g. colour=red (repeatable): only items with that value", AllowMultipleArgumentsPerToken = false },
        new Option<string?>("--as-of") { Description = "last day looked at, yyyy-MM-dd (default: the last stored day)" },
        new Option<string?>("--bands") { Description = $"price band edges (default {string.Join(",", PriceBands.Default.Edges)})" },
        Listing.FormatOption()
    );

    /// <summary>The filters asked for, each checked against the values the store holds (an unknown one names itself).</summary>
    private static async Task<(Dictionary<TrendDimension, string> Filters, PriceBands Bands)> FiltersAsync(IForecastingStore store, ParseResult result,
        Option<string?> region, Option<string[]> filters, Option<string?> bands, CancellationToken cancellationToken)
    {
        var priceBands = result.GetValue(bands) is { Length: > 0 } edges ? Named("--bands", () => PriceBands.Parse(edges)) : PriceBands.Default;
        var asked = new List<(string Option, TrendDimension Dimension, string Value)>();
        if (result.GetValue(region) is { Length: > 0 } r)
        {
            asked.Add(("--region", TrendDimension.Region, r));
        }

        foreach (string filter in result.GetValue(filters) ?? [])
        {
            int equals = filter.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || !TrendDimensions.ByName.TryGetValue(filter[..equals].Trim(), out var dimension))
            {
                throw new ArgumentException($"--filter '{filter}': expected attribute=value with attribute one of {string.Join(", ", TrendDimensions.ByName.Keys)}");
            }

            asked.Add(("--filter", dimension, filter[(equals + 1)..].Trim()));
        }

        var chosen = new Dictionary<TrendDimension, string>();
        if (asked.Count > 0)
        {
            var vocabulary = await store.LoadTrendVocabularyAsync(priceBands, cancellationToken);
            foreach (var (option, dimension, value) in asked)
            {
                if (!chosen.TryAdd(dimension, value))
                {
                    throw new ArgumentException($"{option}: {dimension.Name()} is filtered twice");
                }

                if (vocabulary.Check(dimension, value) is { } problem)
                {
                    throw new ArgumentException($"{option}: {problem}");
                }
            }
        }

        return (chosen, priceBands);
    }

    private static DateOnly? Day(string? text) => text is not { Length: > 0 } ? null
        : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day
        : throw new ArgumentException($"--as-of must be a date like 2025-04-30 (was '{text}')");

    private static T Named<T>(string option, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (ArgumentException error)
        {
            throw new ArgumentException($"{option}: {error.Message}", error);
        }
    }
}
