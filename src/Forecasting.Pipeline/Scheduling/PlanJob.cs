using Forecasting.Pipeline.Planning;
using Forecasting.Storage.Abstractions;
using Quartz;

namespace Forecasting.Pipeline.Scheduling;

/// <summary>
/// Plans stock moves from the latest completed forecast run (<see cref="PlanningService"/>) and stores them as
/// a new plan run; earlier open proposals expire. Scheduled after training; never runs twice at once. A
/// re-run makes a new plan run, so the latest plan always reflects the latest stock and forecasts.
/// </summary>
[DisallowConcurrentExecution]
public sealed class PlanJob(IForecastingStore store, ServiceOptions options, JobRecorder recorder) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        await recorder.RunAsync(JobKeys.Plan.Name, null, null, null, context.Recovering, async token =>
        {
            var plan = await new PlanningService(store, options.Resilience).PlanAsync(options.Planner, token);
            return new JobOutcome(plan.Proposals.Count, "completed",
                FormattableString.Invariant($"plan run {plan.Run.Id} from forecast run {plan.Run.ForecastRunId}: {plan.Proposals.Count} proposals, expected benefit {plan.TotalBenefit:F0}"));
        }, cancellationToken);
    }
}
