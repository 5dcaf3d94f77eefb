using System.Security.Cryptography;
using Forecasting.Storage.Files;
using Forecasting.Pipeline.Telemetry;
using Forecasting.Storage.Abstractions;
using Forecasting.Pipeline.Ingest;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Forecasting.Pipeline.Scheduling;

/// <summary>
/// Loads every new file waiting in the inbox (<see cref="ServiceOptions.InboxFolder"/>) in name order, reference
/// data first: the kind comes from the file name (demand*, order*, catalog*, inventory*, network*). Each content is
/// loaded once: its SHA-256 is remembered in the store after the load, and a file whose content was loaded before
/// (dropped twice, under any name) is not loaded again. A loaded or already-loaded file moves to done/, a file that
/// cannot be loaded to failed/ (its reason is logged and in the run history). When demand or order lines changed, it
/// triggers the score job, which rescores only the forecasts whose window holds a changed day (unless run by
/// <c>run --job</c>, which sequences the jobs itself). Never runs twice at once. See docs/inbox.md.
/// </summary>
[DisallowConcurrentExecution]
public sealed class IngestJob(IForecastingStore store, ServiceOptions options, JobRecorder recorder, TimeProvider clock, ILogger<IngestJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        await recorder.RunAsync(JobKeys.Ingest.Name, null, null, null, context.Recovering, async token =>
        {
            var inbox = new DirectoryInfo(options.InboxFolder);
            if (!inbox.Exists)
            {
                return new JobOutcome(0, "completed", $"inbox {inbox.FullName} does not exist");
            }

            var service = new IngestService(store, clock, options.Ingest, options.Resilience);
            long rows = 0;
            bool actualsChanged = false;
            var notes = new List<string>();
            foreach (var file in inbox.EnumerateFiles().Where(f => KindOf(f.Name) is not null).OrderBy(f => Priority(KindOf(f.Name)!.Value)).ThenBy(f => f.Name, StringComparer.Ordinal))
            {
                token.ThrowIfCancellationRequested();
                try
                {
                    var kind = KindOf(file.Name)!.Value;
                    string hash = await ContentHashAsync(file, token);
                    if (await store.FindLoadedFileAsync(hash, token) is { } loaded)
                    {
                        notes.Add($"{file.Name}: already loaded (same content as {loaded.Name}, load {loaded.LoadId})");
                        Move(file, "done");
                        continue;
                    }

                    var report = await service.IngestFileAsync(kind, file.FullName, new IngestOptions { AutoRegister = true }, null, token);
                    await store.RememberLoadedFileAsync(new LoadedFile(hash, file.Name, kind, report.LoadId, clock.GetUtcNow()), token);
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

    /// <summary>SHA-256 of the file's bytes, lower-case hex.</summary>
    private static async Task<string> ContentHashAsync(FileInfo file, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
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
