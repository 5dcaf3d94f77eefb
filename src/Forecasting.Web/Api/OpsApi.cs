using System.Globalization;
using Forecasting.Core.Accuracy;
using Forecasting.Pipeline.Scoring;
using Forecasting.Storage.Abstractions;
using Forecasting.Web.Api.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Forecasting.Web.Api;

/// <summary>Stored accuracy by segment and over time, accuracy alerts, and the audit log of key changes: for ops and admins;
/// one SKU's recent snapshots scored on the fly for its planners too.</summary>
public static class OpsApi
{
    public static void MapOpsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/accuracy", Accuracy).RequirePolicy(Policies.Operate).WithTags("Accuracy").WithName("QueryAccuracy")
            .WithSummary("Query stored accuracy")
            .WithDescription($"Rows, actual units, WAPE, MASE, bias, coverage, pinball, naive WAPE and value added grouped by groupBy (comma-separated among {string.Join(", ", AccuracyQuery.Dimensions.Keys)}; default run), filtered by target days (from, to) and segment values.");
        app.MapGet("/api/accuracy/sku/{sku}", SkuAccuracy).RequirePolicy(Policies.ReadSkuAccuracy).WithTags("Accuracy").WithName("GetSkuAccuracy")
            .WithSummary("Score one SKU's recent snapshots")
            .WithDescription("The SKU's most recent snapshots (snapshots 1 to 60, default 7) scored on the fly against its actuals, per run, cut-off, region and model; the same definitions as the stored aggregates.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/api/alerts", Alerts).RequirePolicy(Policies.Operate).WithTags("Accuracy").WithName("ListAlerts")
            .WithSummary("List accuracy alerts")
            .WithDescription("Drift and coverage alerts: the open ones, or all with open=false.");
        app.MapGet("/api/audit", Audit).RequirePolicy(Policies.Operate).WithTags("Audit").WithName("ListAudit")
            .WithSummary("Read the audit log")
            .WithDescription("Key changes (actor, time, action, before and after), newest first; limit 1 to 5000, default 200.");
    }

    /// <summary>Accuracy grouped by <paramref name="groupBy"/> (comma-separated: model, bucket, region, category, abc,
    /// week, day, run; default run), filtered by target days and segment values.</summary>
    private static async Task<Results<Ok<IReadOnlyList<AccuracyView>>, ValidationProblem>> Accuracy(IAccuracyStore store, string? groupBy, DateOnly? from, DateOnly? to,
        string? model, string? region, string? category, string? bucket, string? abc, long? run, CancellationToken ct)
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
            return ApiProblems.Validation(errors);
        }

        var rows = await store.QueryAccuracyAsync(new AccuracyQuery(dimensions, from, to, model, region, category, bucket, abc, run), ct);
        return TypedResults.Ok<IReadOnlyList<AccuracyView>>([.. rows.Select(AccuracyView.Of)]);
    }

    private static async Task<Results<Ok<IReadOnlyList<AccuracyView>>, ProblemHttpResult>> SkuAccuracy(IForecastingStore store, string sku, int? snapshots, CancellationToken ct)
    {
        if (await new SkuAccuracyService(store).MeasureAsync(sku, Math.Clamp(snapshots ?? 7, 1, 60), ct) is not { } rows)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No demand is stored for SKU '{sku}'.");
        }

        return TypedResults.Ok<IReadOnlyList<AccuracyView>>([.. rows.Select(r => AccuracyView.Of(new AccuracyRow(new Dictionary<string, string>
        {
            ["run"] = r.RunId.ToString(CultureInfo.InvariantCulture),
            ["cutoff"] = r.Cutoff.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["region"] = r.Region,
            ["model"] = r.Model,
        }, r.Sums)))]);
    }

    private static async Task<Ok<IReadOnlyList<AccuracyAlert>>> Alerts(IAccuracyStore store, bool? open, CancellationToken ct) =>
        TypedResults.Ok(await store.ListAlertsAsync(open ?? true, ct));

    private static async Task<Ok<IReadOnlyList<AuditEntry>>> Audit(IAccessStore access, int? limit, CancellationToken ct) =>
        TypedResults.Ok(await access.ListAuditAsync(Math.Clamp(limit ?? 200, 1, 5000), ct));
}
