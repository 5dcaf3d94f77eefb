using Forecasting.Pipeline.Scheduling;
using Forecasting.Storage.Abstractions;
using Forecasting.Web.Api.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
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
        var group = app.MapGroup("/api/jobs").WithTags("Jobs").RequirePolicy(Policies.Operate);
        group.MapGet("/runs", Runs).WithName("ListJobRuns")
            .WithSummary("List job runs")
            .WithDescription("The run history, newest first: job, forecast run, shard, node, times, status, series, error; only one forecast run's jobs with runId; limit 1 to 1000, default 100.");
        group.MapGet("/nodes", Nodes).WithName("ListSchedulerNodes")
            .WithSummary("List the cluster's nodes")
            .WithDescription("The clustered scheduler's nodes as Quartz's job store last saw them: id, last check-in, check-in interval, late (no check-in for two intervals and 7.5 s: its shards are recovered by the others); empty without a cluster.");
        group.MapPost("/{name}/trigger", Trigger).WithName("TriggerJob")
            .WithSummary("Trigger a job")
            .WithDescription($"Fires {string.Join(", ", JobKeys.ByName.Keys)} through the scheduler, as the schedule would (202); 503 from a process that does not run the jobs.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return group;
    }

    private static async Task<Ok<IReadOnlyList<JobRunRecord>>> Runs(IJobHistoryStore history, long? runId, int? limit, CancellationToken ct) =>
        TypedResults.Ok(await history.ListJobRunsAsync(runId, Math.Clamp(limit ?? 100, 1, 1000), ct));

    private static async Task<Ok<IReadOnlyList<SchedulerNodeView>>> Nodes(IJobHistoryStore history, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return TypedResults.Ok<IReadOnlyList<SchedulerNodeView>>([.. (await history.ListSchedulerNodesAsync(ct)).Select(n => new SchedulerNodeView(n.Id, n.LastCheckin, n.CheckinInterval.TotalSeconds, n.IsLate(now)))]);
    }

    private static async Task<Results<Accepted<JobTriggered>, ProblemHttpResult>> Trigger(string name, JobTrigger jobs, CancellationToken ct) => await jobs.TriggerAsync(name, ct) switch
    {
        TriggerOutcome.UnknownJob => ApiProblems.NotFound($"no job '{name}' (jobs: {string.Join(", ", JobKeys.ByName.Keys)})"),
        TriggerOutcome.NoScheduler => TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "No scheduler", detail: "this process does not run the jobs; trigger through a forecasting serve node"),
        _ => TypedResults.Accepted("/api/jobs/runs", new JobTriggered(name, true)),
    };
}
