using System.Globalization;
using Forecasting.Core.Trends;
using Forecasting.Storage.Abstractions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Forecasting.Web.Api;

/// <summary>One week of a group's trend.</summary>
public sealed record TrendWeekView(DateOnly Week, string IsoWeek, long Units, long Returns, long Views, long Searches, long CartAdds, long WishlistAdds, long Interest,
    double? ReturnRate, double? UnitsPerView, double? UnitsPerCartAdd, double? UnitsGrowth4Weeks, double? UnitsGrowthYear, double? InterestGrowth4Weeks, double? InterestGrowthYear)
{
    public static TrendWeekView Of(TrendWeek w) => new(w.Week, IsoWeeks.Name(w.Week), w.Totals.Units, w.Totals.Returns, w.Totals.Views, w.Totals.Searches, w.Totals.CartAdds,
        w.Totals.WishlistAdds, w.Totals.Interest, w.ReturnRate, w.UnitsPerView, w.UnitsPerCartAdd, w.UnitsGrowth4Weeks, w.UnitsGrowthYear, w.InterestGrowth4Weeks, w.InterestGrowthYear);
}

/// <summary>A forecast week of a group: sum of the series' means, approximate p10-p90 (docs/trends.md).</summary>
public sealed record TrendForecastView(DateOnly Week, string IsoWeek, int Days, double Mean, double P10, double P90);

/// <summary>One group: its value per grouped attribute (null: items without it), its weeks and its forecast weeks.</summary>
public sealed record TrendSeriesView(IReadOnlyDictionary<string, string?> Group, IReadOnlyList<TrendWeekView> Weeks, IReadOnlyList<TrendForecastView> Forecast);

/// <summary>The answer of <c>GET /api/trends</c>.</summary>
public sealed record TrendsResponse(IReadOnlyList<string> Attributes, IReadOnlyDictionary<string, string> Filters, DateOnly? LastDay, long? ForecastRun, IReadOnlyList<TrendSeriesView> Series);

/// <summary>One ranked item or attribute value and its evidence.</summary>
public sealed record EmergenceItemView(int Rank, string Key, double Score, double InterestGrowth, double SalesGrowth, int? LagDays, IReadOnlyList<string> RegionsTurned, int Regions,
    double BaselineInterestPerDay, double RecentInterestPerDay, double BaselineUnitsPerDay, double RecentUnitsPerDay);

/// <summary>The answer of <c>GET /api/trends/emerging</c> and <c>/fading</c>.</summary>
/// <param name="By">The attributes the keys are values of (empty: keys are SKUs).</param>
public sealed record EmergenceResponse(string Direction, IReadOnlyList<string> By, DateOnly? AsOf, DateOnly? BaselineFrom, DateOnly? RecentFrom, IReadOnlyList<EmergenceItemView> Items);

/// <summary>
/// Demand and interest by catalog attribute and week, and the items whose interest runs ahead of (or falls ahead of) their
/// sales: for designers, and every role that reads forecasts. Every query parameter is checked: an unknown parameter or a
/// filter value the store does not hold is a 400 naming it.
/// </summary>
public static class TrendsApi
{
    private static readonly string[] TrendParameters = ["attribute", "weeks", "asOf", "bands"];
    private static readonly string[] EmergenceParameters = ["by", "top", "asOf", "bands"];

    public static RouteGroupBuilder MapTrendsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/trends").WithTags("Trends").RequirePolicy(Policies.ReadForecasts);
        group.MapGet("/", Trends).WithName("GetTrends").ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("Units, returns, interest, conversion and growth by attribute (category, style, color, material, price_band, region) and ISO week, with the forecast weeks ahead");
        group.MapGet("/emerging", (HttpContext http, IForecastingStore store, CancellationToken ct) => Rank(EmergenceDirection.Emerging, http, store, ct))
            .WithName("ListEmergingItems").ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("Items (or attribute values with by=...) whose interest is rising faster than their sales, strongest first, with the evidence");
        group.MapGet("/fading", (HttpContext http, IForecastingStore store, CancellationToken ct) => Rank(EmergenceDirection.Fading, http, store, ct))
            .WithName("ListFadingItems").ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("Items (or attribute values with by=...) whose interest is falling faster than their sales, strongest first, with the evidence");
        return group;
    }

    private static async Task<Results<Ok<TrendsResponse>, ValidationProblem>> Trends(HttpContext http, IForecastingStore store, CancellationToken ct)
    {
        var query = http.Request.Query;
        var errors = new Dictionary<string, string[]>();
        IReadOnlyList<TrendDimension> attributes = [];
        if (query["attribute"].ToString() is { Length: > 0 } attribute)
        {
            attributes = Parse(errors, "attribute", () => TrendDimensions.ParseList(attribute)) ?? [];
        }

        int weeks = Integer(errors, query, "weeks", 12, 1, TrendQuery.MaxWeeks);
        var (asOf, bands, filters) = await Common(errors, query, TrendParameters, store, ct);
        if (errors.Count > 0)
        {
            return Problem(errors);
        }

        var report = await store.QueryTrendsAsync(new TrendQuery(attributes, filters, weeks, asOf, bands), ct);
        var series = report.Series.Select(s => new TrendSeriesView(
            s.Group.ToDictionary(g => g.Key.Name(), g => g.Value),
            [.. s.Weeks.Select(TrendWeekView.Of)],
            [.. s.Forecast.Select(f => new TrendForecastView(f.Week, IsoWeeks.Name(f.Week), f.Days, f.Mean, f.P10, f.P90))])).ToList();
        return TypedResults.Ok(new TrendsResponse([.. attributes.Select(a => a.Name())], filters.ToDictionary(f => f.Key.Name(), f => f.Value), report.LastDay, report.ForecastRun, series));
    }

    private static async Task<Results<Ok<EmergenceResponse>, ValidationProblem>> Rank(EmergenceDirection direction, HttpContext http, IForecastingStore store, CancellationToken ct)
    {
        var query = http.Request.Query;
        var errors = new Dictionary<string, string[]>();
        IReadOnlyList<TrendDimension> by = [];
        if (query["by"].ToString() is { Length: > 0 } text)
        {
            by = Parse(errors, "by", () => TrendDimensions.ParseList(text)) ?? [];
            if (by.Contains(TrendDimension.Region))
            {
                errors["by"] = ["regions are the evidence of a ranking, not its key: rank by catalog attributes, filter with region=..."];
            }
        }

        int top = Integer(errors, query, "top", 20, 1, EmergenceQuery.MaxTop);
        var (asOf, bands, filters) = await Common(errors, query, EmergenceParameters, store, ct);
        if (errors.Count > 0)
        {
            return Problem(errors);
        }

        var report = await store.RankEmergenceAsync(new EmergenceQuery(direction, by, filters, top, asOf, PriceBands: bands), ct);
        var items = report.Items.Select((s, i) => new EmergenceItemView(i + 1, s.Key, s.Score, s.InterestGrowth, s.SalesGrowth, s.LagDays, s.RegionsTurned, s.Regions,
            s.BaselineInterestPerDay, s.RecentInterestPerDay, s.BaselineUnitsPerDay, s.RecentUnitsPerDay)).ToList();
        return TypedResults.Ok(new EmergenceResponse(direction == EmergenceDirection.Emerging ? "emerging" : "fading", [.. by.Select(b => b.Name())],
            report.Window?.AsOf, report.Window?.First, report.Window?.RecentFirst, items));
    }

    /// <summary>What both endpoints take: asOf, bands, and a filter per dimension (checked against the store's values);
    /// any other parameter is an error naming it.</summary>
    private static async Task<(DateOnly? AsOf, PriceBands Bands, Dictionary<TrendDimension, string> Filters)> Common(
        Dictionary<string, string[]> errors, IQueryCollection query, string[] own, IForecastingStore store, CancellationToken ct)
    {
        foreach (var key in query.Keys.Where(k => !own.Contains(k, StringComparer.OrdinalIgnoreCase) && !TrendDimensions.ByName.ContainsKey(k)))
        {
            errors[key] = [$"unknown parameter; known: {string.Join(", ", own.Concat(TrendDimensions.ByName.Keys))}"];
        }

        DateOnly? asOf = null;
        if (query["asOf"].ToString() is { Length: > 0 } day)
        {
            asOf = DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) ? parsed : null;
            if (asOf is null)
            {
                errors["asOf"] = ["a date like 2025-04-30"];
            }
        }

        var bands = query["bands"].ToString() is { Length: > 0 } edges ? Parse(errors, "bands", () => PriceBands.Parse(edges)) ?? PriceBands.Default : PriceBands.Default;
        var filters = new Dictionary<TrendDimension, string>();
        var given = query.Keys.Where(TrendDimensions.ByName.ContainsKey).ToList();
        if (given.Count > 0)
        {
            var vocabulary = await store.LoadTrendVocabularyAsync(bands, ct);
            foreach (var key in given)
            {
                var dimension = TrendDimensions.ByName[key];
                string value = query[key].ToString();
                if (filters.ContainsKey(dimension))
                {
                    errors[key] = ["filtered twice (color and colour are one attribute)"];
                }
                else if (vocabulary.Check(dimension, value) is { } problem)
                {
                    errors[key] = [problem];
                }
                else
                {
                    filters[dimension] = value;
                }
            }
        }

        return (asOf, bands, filters);
    }

    private static T? Parse<T>(Dictionary<string, string[]> errors, string field, Func<T> parse)
        where T : class
    {
        try
        {
            return parse();
        }
        catch (ArgumentException error)
        {
            errors[field] = [error.Message];
            return null;
        }
    }

    private static int Integer(Dictionary<string, string[]> errors, IQueryCollection query, string name, int fallback, int min, int max)
    {
        if (query[name].ToString() is not { Length: > 0 } text)
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value >= min && value <= max)
        {
            return value;
        }

        errors[name] = [$"a whole number between {min} and {max}"];
        return fallback;
    }

    private static ValidationProblem Problem(Dictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, detail: "invalid " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")));
}
