using Forecasting.Core.Domain;
using Forecasting.Storage.Abstractions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
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
        var group = app.MapGroup("/api/series").RequireAuthorization(Policies.ReadForecasts);
        group.MapGet("/", List);
        group.MapGet("/{sku}/{region}", Detail);
        return group;
    }

    /// <summary>The series of the latest completed forecast run, filtered by category, region and model, paged.</summary>
    private static async Task<IResult> List(IForecastStore forecasts, string? category, string? region, string? model, int? page, int? pageSize, CancellationToken ct)
    {
        int size = pageSize ?? 50, number = page ?? 1;
        if (size is < 1 or > ProposalApi.MaxPageSize || number < 1)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["paging"] = [$"page >= 1 and pageSize between 1 and {ProposalApi.MaxPageSize}"] });
        }

        var run = (await forecasts.ListRunsAsync(ct)).LatestCompletedProduction();
        if (run is null)
        {
            return Results.Ok(new { forecastRun = (long?)null, total = 0, page = number, pageSize = size, items = Array.Empty<ForecastSeriesRow>() });
        }

        var (total, items) = await forecasts.ListForecastSeriesAsync(run.Id, category, region, model, number, size, ct);
        return Results.Ok(new { forecastRun = run.Id, total, page = number, pageSize = size, items });
    }

    private static async Task<IResult> Detail(string sku, string region, int? days, IDemandStore demand, IForecastStore forecasts, CancellationToken ct)
    {
        if (days is < 1 or > 3660)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["days"] = ["must be between 1 and 3660"] });
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
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"no demand stored for SKU '{sku}' in region '{region}'");
        }

        int take = Math.Min(days ?? 90, series.Length);
        var history = Enumerable.Range(series.Length - take, take).Select(i => new { date = series.PeriodStart(i), units = series.Values[i] }).ToList();
        var run = (await forecasts.ListRunsAsync(ct)).LatestCompletedProduction();
        var forecast = run is null ? [] : (await forecasts.ReadForecastsAsync(run.Id, series.Key, ct))
            .Select(f => new { date = f.TargetDate, horizon = f.Horizon, model = f.Model, mean = f.Mean, p10 = f.P10, p50 = f.P50, p90 = f.P90 }).ToList();
        return Results.Ok(new { sku, region, history, forecastRun = run?.Id, forecast });
    }
}
