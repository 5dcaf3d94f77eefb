using Forecasting.Pipeline.Telemetry;
using Forecasting.Storage;
using Forecasting.Storage.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Forecasting.Pipeline.Scheduling;

/// <summary>
/// Registers the scheduled service on a generic host: the store, the jobs and their cron triggers, Quartz
/// (in-memory store in embedded mode; persistent clustered store on the PostgreSQL database in clustered
/// mode, its schema created by Quartz itself), and OpenTelemetry. <c>forecasting serve</c> runs it until
/// stopped; <c>forecasting run</c> uses the same registration without the cron triggers.
/// </summary>
public static class ForecastingHost
{
    /// <param name="withSchedules">False for <c>run --job</c>: the jobs exist but only fire when triggered.</param>
    /// <param name="execute">False: this process only submits jobs to the cluster (its scheduler never starts).</param>
    /// <param name="store">The store when the caller already opened it (the web API shares it), else opened from the options.</param>
    public static void AddForecastingJobs(this IHostApplicationBuilder builder, ServiceOptions options, bool withSchedules = true, bool execute = true, IForecastingStore? store = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var node = new NodeIdentity(options.ResolvedNodeId);
        store ??= StoreFactory.OpenAsync(options.Store, options.Resilience).GetAwaiter().GetResult();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(node);
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton<IJobHistoryStore>(store);
        builder.Services.AddSingleton<JobRecorder>();
        builder.Services.AddSingleton<JobRunner>();
        builder.AddForecastingTelemetry(node.Id);
        builder.Services.AddSingleton<IRunLeaseStore>(store);
        builder.Services.AddHostedService<LeaseSweeper>(); // before Quartz: stranded runs are failed before any job starts
        builder.Services.AddQuartz(q =>
        {
            q.ConfigureScheduler(s =>
            {
                s.InstanceName = "forecasting";
                s.InstanceId = node.Id;
                s.IdleWaitTime = TimeSpan.FromSeconds(options.IdleWaitSeconds); // how soon an idle node sees shards another node submitted

                // Stopping (Ctrl+C, SIGTERM): a clustered node asks its running shards to stop; a shard that stops
                // is released (Quartz stores its recovery trigger) and another node runs it. An embedded node has
                // nobody to hand over to (in-memory store), so its running jobs finish first.
                s.ShutdownJobInterruption = options.Mode == SchedulerMode.Clustered ? ShutdownJobInterruption.WhenWaitingForJobs : ShutdownJobInterruption.Never;
            });
            q.UseDefaultThreadPool(options.MaxConcurrentJobs);
            if (options.Mode == SchedulerMode.Clustered)
            {
                q.UsePersistentStore(persistent =>
                {
                    persistent.UsePostgres(StoreFactory.ToConnectionString(options.Store));
                    persistent.UseClustering(c =>
                    {
                        c.CheckinInterval = TimeSpan.FromSeconds(options.CheckinIntervalSeconds);
                        c.CheckinMisfireThreshold = TimeSpan.FromSeconds(options.CheckinMisfireThresholdSeconds);
                    });
                    persistent.ConfigureStore(o =>
                    {
                        o.StoreJobDataAsStrings = true;
                        o.RecoverFiringsCancelledByShutdown = true; // a shard stopped by SIGTERM is handed to another node
                    });
                    persistent.ProvisionSchema(); // Quartz 4.7.3 creates its own tables (IF NOT EXISTS): never a copied script
                });
            }
            else
            {
                q.UseInMemoryStore();
            }

            AddJob<IngestJob>(q, JobKeys.Ingest, withSchedules ? options.Schedules.Ingest : null);
            AddJob<TrainJob>(q, JobKeys.Train, withSchedules ? options.Schedules.Train : null, recover: true);
            AddJob<PlanJob>(q, JobKeys.Plan, withSchedules ? options.Schedules.Plan : null);
            AddJob<ScoreJob>(q, JobKeys.Score, withSchedules ? options.Schedules.Score : null);
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromMinutes(10)); // room for a shard to finish
        builder.Services.AddQuartzHostedService(o =>
        {
            o.WaitForJobsToComplete = true; // Ctrl+C / SIGTERM: in-flight shards finish before the process exits
            o.AutoStart = execute;
        });
        builder.Logging.AddFilter("Quartz", LogLevel.Warning);
    }

    private static void AddJob<TJob>(IQuartzBuilder q, JobKey key, string? cron, bool recover = false)
        where TJob : IJob
    {
        q.AddJob<TJob>(j => j.WithIdentity(key).StoreDurably().RequestRecovery(recover));
        if (!string.IsNullOrWhiteSpace(cron))
        {
            q.AddTrigger(t => t.ForJob(key).WithIdentity(key.Name + "-schedule", key.Group).WithCronSchedule(cron));
        }
    }
}
