using Forecasting.Core.Accuracy;
using Forecasting.Pipeline.Scoring;
using Forecasting.Storage.Abstractions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Forecasting.Web.Api;

/// <summary>Metrics of one accuracy group as the API shows them (null where a metric is undefined, e.g. WAPE of zero demand).</summary>
public sealed record AccuracyView(IReadOnlyDictionary<string, string> Segment, long Rows, double Actual, double? Wape, double? Mase, double? Bias,
    double? Coverage, double? Pinball, double? NaiveWape, double? ValueAdded)
{
    public static AccuracyView Of(AccuracyRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        static double? N(double value) => double.IsFinite(value) ? value : null;
        var s = row.Sums;
        return new AccuracyView(row.Segment, s.Rows, s.Actual, N(s.Wape), N(s.Mase), N(s.Bias), N(s.Coverage), N(s.Pinball), N(s.NaiveWape), N(s.ValueAdded));
    }
}

/// <summary>Stored accuracy by segment and over time, accuracy alerts, and the audit log of key changes: for ops and admins;
/// one SKU's recent snapshots scored on the fly for its planners too.</summary>
public static class OpsApi
{
    public static void MapOpsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/accuracy", Accuracy).RequireAuthorization(Policies.Operate);
        app.MapGet("/api/accuracy/sku/{sku}", async (IForecastingStore store, string sku, int? snapshots, CancellationToken ct) =>
            await new SkuAccuracyService(store).MeasureAsync(sku, Math.Clamp(snapshots ?? 7, 1, 60), ct) is { } rows
                ? Results.Ok(rows.Select(r => AccuracyView.Of(new AccuracyRow(new Dictionary<string, string>
                {
                    ["run"] = r.RunId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["cutoff"] = r.Cutoff.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                    ["region"] = r.Region,
                    ["model"] = r.Model,
                }, r.Sums))))
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No demand is stored for SKU '{sku}'.")).RequireAuthorization(Policies.ReadSkuAccuracy);
        app.MapGet("/api/alerts", async (IAccuracyStore store, bool? open, CancellationToken ct) =>
            Results.Ok(await store.ListAlertsAsync(open ?? true, ct))).RequireAuthorization(Policies.Operate);
        app.MapGet("/api/audit", async (IAccessStore access, int? limit, CancellationToken ct) =>
            Results.Ok(await access.ListAuditAsync(Math.Clamp(limit ?? 200, 1, 5000), ct))).RequireAuthorization(Policies.Operate);
    }

    /// <summary>Accuracy grouped by <paramref name="groupBy"/> (comma-separated: model, bucket, region, category, abc,
    /// week, day, run; default run), filtered by target days and segment values.</summary>
    private static async Task<IResult> Accuracy(IAccuracyStore store, string? groupBy, DateOnly? from, DateOnly? to, string? model, string? region,
        string? category, string? bucket, string? abc, long? run, CancellationToken ct)
    {
        string[] dimensions = (groupBy ?? "run").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var errors = new Dictionary<string, string[]>();
        var unknown = dimensions.Where(d => !AccuracyQuery.Dimensions.ContainsKey(d)).ToList();
        if (unknown.Count > 0 || dimensions.Distinct().Count() != dimensions.Length)
        {
            errors["groupBy"] = [$"distinct dimensions among {string.Join(", ", AccuracyQuery.Dimensions.Keys)} (got {groupBy})"];
        }

        if (bucket is not null && !HorizonBucket.All.Contains(bucket))
        {
            errors["bucket"] = [$"one of {string.Join(", ", HorizonBucket.All)}"];
        }

        if (from > to)
        {
            errors["from"] = ["must not be after to"];
        }

        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        var rows = await store.QueryAccuracyAsync(new AccuracyQuery(dimensions, from, to, model, region, category, bucket, abc, run), ct);
        return Results.Ok(rows.Select(AccuracyView.Of));
    }
}
