using Forecasting.Pipeline.Hosting;
using Forecasting.Storage;
using Forecasting.Storage.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Forecasting.Pipeline.Scheduling;

/// <summary>
/// Registers the scheduled service on a generic host: the store, the jobs and their cron triggers, Quartz
/// (in-memory store in embedded mode; persistent clustered store on the PostgreSQL database in clustered
/// mode, its schema created by Quartz itself). Telemetry is the host's (Forecasting.Service). <c>forecasting serve</c> runs it until
/// stopped; <c>forecasting run</c> uses the same registration without the cron triggers.
/// </summary>
public static class ForecastingHost
{
    /// <summary>Registers the jobs, the scheduler and telemetry from the validated <see cref="ServiceOptions"/>;
    /// the store must be registered first (<see cref="StoreRegistration.AddForecastingStoreAsync"/>).</summary>
    /// <param name="withSchedules">False for <c>run --job</c>: the jobs exist but only fire when triggered.</param>
    /// <param name="execute">False: this process only submits jobs to the cluster (its scheduler never starts).</param>
    public static IHostApplicationBuilder AddForecastingJobs(this IHostApplicationBuilder builder, bool withSchedules = true, bool execute = true)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!builder.Properties.ContainsKey(typeof(IForecastingStore)))
        {
            throw new InvalidOperationException("AddForecastingJobs needs the store: call AddForecastingStoreAsync first.");
        }

        var options = builder.AddForecastingOptions();
        var node = new NodeIdentity(options.ResolvedNodeId);
        builder.Services.AddSingleton(node);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<JobRecorder>();
        builder.Services.AddSingleton<JobRunner>();
        builder.Services.AddHostedService<LeaseSweeper>(); // before Quartz: stranded runs are failed before any job starts
        builder.Services.AddQuartz(q =>
        {
            q.ConfigureScheduler(s =>
            {
                s.InstanceName = "forecasting";
                s.InstanceId = node.Id;
                s.IdleWaitTime = options.IdleWait; // how soon an idle node sees shards another node submitted

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
                        c.CheckinInterval = options.CheckinInterval;
                        c.CheckinMisfireThreshold = options.CheckinMisfireThreshold;
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
        return builder;
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
