using Forecasting.Core.Domain;
using Forecasting.Storage.Abstractions;
using Forecasting.Web.Api.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Forecasting.Web.Api;

/// <summary>
/// One SKU x region: its daily history (the last <c>days</c> days, default 90) and the latest completed
/// production forecast with its quantiles. Every role may read it (designers read trends and forecasts).
/// </summary>
public static class SeriesApi
{
    public static RouteGroupBuilder MapSeriesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/series").WithTags("Series").RequirePolicy(Policies.ReadForecasts);
        group.MapGet("/", List).WithName("ListSeries").AcceptsOnlyQuery("category", "region", "model", "page", "pageSize")
            .WithSummary("List forecast series")
            .WithDescription($"The series of the latest completed production forecast run (SKU, region, category, model, horizon total), filtered by category, region and model, paged (page from 1, pageSize 1 to {ProposalApi.MaxPageSize}, default 50).");
        group.MapGet("/{sku}/{region}", Detail).WithName("GetSeries")
            .WithSummary("Get one series' history and forecast")
            .WithDescription("The last days days of daily demand (default 90, at most 3660) and the latest completed production forecast (mean, p10, p50, p90 by date).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    /// <summary>The series of the latest completed forecast run, filtered by category, region and model, paged.</summary>
    private static async Task<Results<Ok<ForecastSeriesPage>, ValidationProblem>> List(IForecastStore forecasts, string? category, string? region, string? model, int? page, int? pageSize, CancellationToken ct)
    {
        int size = pageSize ?? 50, number = page ?? 1;
        if (size is < 1 or > ProposalApi.MaxPageSize || number < 1)
        {
            return ApiProblems.Validation("paging", $"page >= 1 and pageSize between 1 and {ProposalApi.MaxPageSize}");
        }

        var run = (await forecasts.ListRunsAsync(ct)).LatestCompletedProduction();
        if (run is null)
        {
            return TypedResults.Ok(new ForecastSeriesPage(null, 0, number, size, []));
        }

        var (total, items) = await forecasts.ListForecastSeriesAsync(run.Id, category, region, model, number, size, ct);
        return TypedResults.Ok(new ForecastSeriesPage(run.Id, total, number, size, items));
    }

    private static async Task<Results<Ok<SeriesDetail>, ValidationProblem, ProblemHttpResult>> Detail(string sku, string region, int? days, IDemandStore demand, IForecastStore forecasts, CancellationToken ct)
    {
        if (days is < 1 or > 3660)
        {
            return ApiProblems.Validation("days", "must be between 1 and 3660");
        }

        DemandSeries? series = null;
        await foreach (var s in demand.ReadDailySeriesAsync(null, code => code == sku, ct))
        {
            if (s.Key.Region == region)
            {
                series = s;
            }
        }

        if (series is null)
        {
            return ApiProblems.NotFound($"no demand stored for SKU '{sku}' in region '{region}'");
        }

        int take = Math.Min(days ?? 90, series.Length);
        List<DemandPoint> history = [.. Enumerable.Range(series.Length - take, take).Select(i => new DemandPoint(series.PeriodStart(i), series.Values[i]))];
        var run = (await forecasts.ListRunsAsync(ct)).LatestCompletedProduction();
        List<ForecastPoint> forecast = run is null ? [] : [.. (await forecasts.ReadForecastsAsync(run.Id, series.Key, ct))
            .Select(f => new ForecastPoint(f.TargetDate, f.Horizon, f.Model, f.Mean, f.P10, f.P50, f.P90))];
        return TypedResults.Ok(new SeriesDetail(sku, region, history, run?.Id, forecast));
    }
}
