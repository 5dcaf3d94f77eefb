using Quartz;

namespace Forecasting.Pipeline.Scheduling;

/// <summary>What became of a request to fire a job now.</summary>
public enum TriggerOutcome
{
    /// <summary>Handed to the scheduler: it runs as the schedule would run it.</summary>
    Triggered,

    /// <summary>No job of that name.</summary>
    UnknownJob,

    /// <summary>This process hosts no scheduler (an API-only host): trigger through a service node.</summary>
    NoScheduler,
}

/// <summary>Fires a job (ingest, train, plan, score) through the scheduler, as its schedule would: what the jobs
/// API calls, so Quartz stays inside the scheduling folder.</summary>
public sealed class JobTrigger(IServiceProvider services)
{
    public async Task<TriggerOutcome> TriggerAsync(string name, CancellationToken cancellationToken = default)
    {
        if (!JobKeys.ByName.TryGetValue(name, out var key))
        {
            return TriggerOutcome.UnknownJob;
        }

        if (services.GetService(typeof(ISchedulerFactory)) is not ISchedulerFactory factory)
        {
            return TriggerOutcome.NoScheduler;
        }

        var scheduler = await factory.GetScheduler(cancellationToken);
        await scheduler.TriggerJob(key, new JobDataMap(), cancellationToken);
        return TriggerOutcome.Triggered;
    }
}
