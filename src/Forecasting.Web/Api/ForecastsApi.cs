using System.Globalization;
using Forecasting.Core.Domain;
using Forecasting.Core.Hierarchy;
using Forecasting.Core.Trends;
using Forecasting.Storage.Abstractions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Forecasting.Web.Api;

/// <summary>One day of a level's forecast.</summary>
public sealed record LevelForecastPoint(DateOnly Date, int Horizon, double Mean, double P10, double P50, double P90);

/// <summary>One series of a level: its attribute values (null where the level does not split by one; a SKU level also
/// carries its SKU's category) and its forecast by day.</summary>
public sealed record LevelSeriesView(string? Sku, string? Category, string? Region, IReadOnlyList<LevelForecastPoint> Forecast);

/// <summary>The answer of <c>GET /api/forecasts</c>: the run, how its levels were reconciled, and the level's series.</summary>
public sealed record LevelForecastsResponse(string Level, long? Run, string? Method, IReadOnlyList<LevelSeriesView> Series);

/// <summary>
/// The reconciled forecasts of one level of the hierarchy (docs/reconciliation.md): <c>level</c> is one of
/// sku,region | sku | category,region | category | region | total; <c>category</c>, <c>region</c> and <c>sku</c> filter
/// where the level has that attribute; <c>run</c> picks a run (default: the latest completed production run). An unknown
/// parameter, a filter the level cannot take, or a value the store does not hold is a 400 naming it.
/// </summary>
public static class ForecastsApi
{
    private static readonly string[] Parameters = ["level", "category", "region", "sku", "run"];

    public static RouteHandlerBuilder MapForecastsApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/forecasts", Levels).RequirePolicy(Policies.ReadForecasts).WithTags("Forecasts").WithName("GetLevelForecasts")
            .AcceptsOnlyQuery(Parameters).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Reconciled forecasts of one hierarchy level")
            .WithDescription($"level: {string.Join(" | ", HierarchyLevels.Names)} (required); category, region and sku filter where the level has the attribute; run: a forecast run id (default: the latest completed production run). Parents add up to their SKU x region series; their p10-p90 come from the children's joint spread.");

    private static async Task<Results<Ok<LevelForecastsResponse>, ValidationProblem, ProblemHttpResult>> Levels(HttpContext http, IForecastingStore store, CancellationToken ct)
    {
        var query = http.Request.Query;
        var errors = new Dictionary<string, string[]>();
        HierarchyLevel level = HierarchyLevel.Total;
        if (query["level"].ToString() is not { Length: > 0 } levelText)
        {
            errors["level"] = [$"required; levels are {string.Join(" | ", HierarchyLevels.Names)}"];
        }
        else
        {
            try
            {
                level = HierarchyLevels.Parse(levelText);
            }
            catch (ArgumentException error)
            {
                errors["level"] = [error.Message];
            }
        }

        string? category = Filter("category", level is HierarchyLevel.SkuRegion or HierarchyLevel.Sku or HierarchyLevel.CategoryRegion or HierarchyLevel.Category);
        string? region = Filter("region", level is HierarchyLevel.SkuRegion or HierarchyLevel.CategoryRegion or HierarchyLevel.Region);
        string? sku = Filter("sku", level is HierarchyLevel.SkuRegion or HierarchyLevel.Sku);
        long? runId = null;
        if (query["run"].ToString() is { Length: > 0 } runText)
        {
            runId = long.TryParse(runText, NumberStyles.None, CultureInfo.InvariantCulture, out long id) ? id : null;
            if (runId is null)
            {
                errors["run"] = ["a forecast run id (a whole number)"];
            }
        }

        if (errors.Count == 0 && (category ?? region) is not null)
        {
            var vocabulary = await store.LoadTrendVocabularyAsync(PriceBands.Default, ct);
            Check("category", category, TrendDimension.Category);
            Check("region", region, TrendDimension.Region);

            void Check(string name, string? value, TrendDimension dimension)
            {
                if (value is not null && vocabulary.Check(dimension, value) is { } problem)
                {
                    errors[name] = [problem];
                }
            }
        }

        if (errors.Count == 0 && sku is not null && !(await store.GetCatalogAsync(ct)).Any(c => c.Sku == sku))
        {
            errors["sku"] = [$"no SKU '{sku}' in the catalog"];
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var runs = await store.ListRunsAsync(ct);
        var run = runId is { } asked ? runs.FirstOrDefault(r => r.Id == asked) : runs.LatestCompletedProduction();
        if (run is null)
        {
            return runId is null ? TypedResults.Ok(new LevelForecastsResponse(level.Name(), null, null, [])) : ApiProblems.NotFound($"no forecast run {runId}");
        }

        if (await store.GetReconciliationAsync(run.Id, ct) is not { } reconciliation)
        {
            return ApiProblems.NotFound($"forecast run {run.Id} has no reconciled level forecasts (trained before reconciliation, with it off, or still running)");
        }

        var rows = await store.ReadReconciledForecastsAsync(run.Id, level, new HierarchyFilter(sku, category, region), ct);
        var series = rows.GroupBy(r => (r.Sku, r.Category, r.Region))
            .Select(g => new LevelSeriesView(g.Key.Sku, g.Key.Category, g.Key.Region, [.. g.Select(r => new LevelForecastPoint(r.TargetDate, r.Horizon, r.Mean, r.P10, r.P50, r.P90))]))
            .ToList();
        return TypedResults.Ok(new LevelForecastsResponse(level.Name(), run.Id, reconciliation.Method.Name(), series));

        string? Filter(string name, bool allowed)
        {
            if (query[name].ToString() is not { Length: > 0 } value)
            {
                return null;
            }

            if (!allowed && !errors.ContainsKey("level"))
            {
                errors[name] = [$"the {level.Name()} level is not split by {name}"];
            }

            return value;
        }
    }
}
