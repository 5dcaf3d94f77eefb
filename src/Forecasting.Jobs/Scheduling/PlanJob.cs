using Forecasting.Storage.Abstractions;
using Quartz;

namespace Forecasting.Jobs.Scheduling;

/// <summary>
/// The seam for the replenishment planner (issue 5): scheduled after training like the finished job will be,
/// it records a skipped execution until the planner exists.
/// </summary>
[DisallowConcurrentExecution]
public sealed class PlanJob(JobRecorder recorder) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        await recorder.RunAsync(JobKeys.Plan.Name, null, null, null, context.Recovering,
            _ => Task.FromResult(new JobOutcome(0, "skipped", "the replenishment planner is not built yet")), cancellationToken);
    }
}
