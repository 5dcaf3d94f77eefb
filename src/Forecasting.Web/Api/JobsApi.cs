using Forecasting.Pipeline.Scheduling;
using Forecasting.Storage.Abstractions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Forecasting.Web.Api;

/// <summary>
/// The jobs API for ops: the run history, and triggering a job (ingest, train, plan, score) through the
/// scheduler, as the schedule would. Triggering needs the process to host the scheduler (<c>forecasting serve</c>).
/// </summary>
public static class JobsApi
{
    public static RouteGroupBuilder MapJobsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/jobs").RequireAuthorization(Policies.Operate);
        group.MapGet("/runs", async (IJobHistoryStore history, long? runId, int? limit, CancellationToken ct) =>
            Results.Ok(await history.ListJobRunsAsync(runId, Math.Clamp(limit ?? 100, 1, 1000), ct)));
        group.MapPost("/{name}/trigger", async (string name, JobTrigger jobs, CancellationToken ct) => await jobs.TriggerAsync(name, ct) switch
        {
            TriggerOutcome.UnknownJob => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"no job '{name}' (jobs: {string.Join(", ", JobKeys.ByName.Keys)})"),
            TriggerOutcome.NoScheduler => Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "No scheduler", detail: "this process does not run the jobs; trigger through a forecasting serve node"),
            _ => Results.Accepted($"/api/jobs/runs", new { job = name, triggered = true }),
        });
        return group;
    }
}
