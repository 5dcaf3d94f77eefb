using Forecasting.Storage.Files;
using Forecasting.Pipeline.Telemetry;
using Forecasting.Storage.Abstractions;
using Forecasting.Pipeline.Ingest;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Forecasting.Pipeline.Scheduling;

/// <summary>
/// Loads every file waiting in the drop folder, oldest first: the kind comes from the file name (demand*,
/// order*, catalog*, inventory*, network*; reference data first), a loaded file moves to done/, a file that cannot be loaded to
/// failed/ (its reason is logged and in the run history). Loads are idempotent, so a file dropped twice
/// changes nothing the second time. When demand or order lines changed, it triggers the score job (unless run
/// by <c>run --job</c>, which sequences the jobs itself). Never runs twice at once.
/// </summary>
[DisallowConcurrentExecution]
public sealed class IngestJob(IForecastingStore store, ServiceOptions options, JobRecorder recorder, TimeProvider clock, ILogger<IngestJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        await recorder.RunAsync(JobKeys.Ingest.Name, null, null, null, context.Recovering, async token =>
        {
            var inbox = new DirectoryInfo(options.DropFolder);
            if (!inbox.Exists)
            {
                return new JobOutcome(0, "completed", $"drop folder {inbox.FullName} does not exist");
            }

            var service = new IngestService(store, clock, options.Ingest, options.Resilience);
            long rows = 0;
            bool actualsChanged = false;
            var notes = new List<string>();
            foreach (var file in inbox.EnumerateFiles().Where(f => KindOf(f.Name) is not null).OrderBy(f => Priority(KindOf(f.Name)!.Value)).ThenBy(f => f.LastWriteTimeUtc).ThenBy(f => f.Name, StringComparer.Ordinal))
            {
                token.ThrowIfCancellationRequested();
                try
                {
                    var report = await service.IngestFileAsync(KindOf(file.Name)!.Value, file.FullName, new IngestOptions { AutoRegister = true }, null, token);
                    rows += report.Counts.RowsRead;
                    actualsChanged |= report.Kind is IngestKind.Demand or IngestKind.OrderLines && report.Counts.Accepted > 0;
                    ForecastingTelemetry.RowsIngested.Add(report.Counts.RowsRead, new KeyValuePair<string, object?>("kind", report.Kind.ToString()));
                    notes.Add($"{file.Name}: {report.Counts.Accepted} accepted, {report.Counts.Rejected} rejected, {report.Counts.Duplicates} duplicates{(report.Counts.AllRejected ? " (every row rejected)" : "")}");
                    Move(file, "done");
                }
                catch (Exception error) when (error is IngestFormatException or IOException)
                {
                    logger.LogError("{File} cannot be loaded: {Reason}", file.FullName, error.Message);
                    notes.Add($"{file.Name}: failed ({error.Message})");
                    Move(file, "failed");
                }
            }

            if (actualsChanged && !context.MergedJobDataMap.ContainsKey(JobRunner.RunOnceKey))
            {
                // New actuals: score the forecasts they concern now (run --job sequences the jobs itself).
                await context.Scheduler.TriggerJob(JobKeys.Score, token);
                notes.Add("score job triggered");
            }

            return new JobOutcome((int)Math.Min(rows, int.MaxValue), "completed", string.Join("; ", notes));
        }, cancellationToken);
    }

    /// <summary>The ingest kind a file name announces, or null for files the job leaves alone.</summary>
    public static IngestKind? KindOf(string fileName)
    {
        string name = fileName.ToLowerInvariant();
        return name switch
        {
            _ when name.StartsWith("demand", StringComparison.Ordinal) && name.EndsWith(".csv", StringComparison.Ordinal) => IngestKind.Demand,
            _ when name.StartsWith("order", StringComparison.Ordinal) && name.EndsWith(".csv", StringComparison.Ordinal) => IngestKind.OrderLines,
            _ when name.StartsWith("catalog", StringComparison.Ordinal) && name.EndsWith(".csv", StringComparison.Ordinal) => IngestKind.Catalog,
            _ when name.StartsWith("inventory", StringComparison.Ordinal) && name.EndsWith(".csv", StringComparison.Ordinal) => IngestKind.Inventory,
            _ when name.StartsWith("network", StringComparison.Ordinal) && name.EndsWith(".json", StringComparison.Ordinal) => IngestKind.Network,
            _ => null,
        };
    }

    /// <summary>Reference data first (network, catalog), so the demand that follows finds its SKUs and regions.</summary>
    private static int Priority(IngestKind kind) => kind switch
    {
        IngestKind.Network => 0,
        IngestKind.Catalog => 1,
        _ => 2,
    };

    private void Move(FileInfo file, string folder)
    {
        var target = Directory.CreateDirectory(Path.Combine(file.DirectoryName!, folder));
        string destination = Path.Combine(target.FullName, file.Name);
        if (File.Exists(destination))
        {
            destination = Path.Combine(target.FullName, $"{Path.GetFileNameWithoutExtension(file.Name)}.{clock.GetUtcNow():yyyyMMddHHmmssfff}{file.Extension}");
        }

        file.MoveTo(destination);
    }
}
