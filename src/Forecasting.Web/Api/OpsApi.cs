using Forecasting.Jobs.Accuracy;
using Forecasting.Storage.Abstractions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Forecasting.Web.Api;

/// <summary>Accuracy summaries (what scoring computes so far: each completed run against the actuals since) and
/// the audit log of key changes, for ops and admins.</summary>
public static class OpsApi
{
    public static void MapOpsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/accuracy", async (IDemandStore demand, IForecastStore forecasts, CancellationToken ct) =>
            Results.Ok(await new RunScorer(demand, forecasts).ScoreAsync(ct))).RequireAuthorization(Policies.Operate);
        app.MapGet("/api/audit", async (IAccessStore access, int? limit, CancellationToken ct) =>
            Results.Ok(await access.ListAuditAsync(Math.Clamp(limit ?? 200, 1, 5000), ct))).RequireAuthorization(Policies.Operate);
    }
}
