using Forecasting.Storage.Abstractions;
using Forecasting.Storage.Files;
using Forecasting.Pipeline.Ingest;
using Spectre.Console;

namespace Forecasting.Cli.Commands;

/// <summary>Runs a load with a progress bar and prints its report.</summary>
internal static class IngestRunner
{
    public static async Task<IngestReport> RunAsync(IAnsiConsole console, IngestService ingest, IngestKind kind, string path, IngestOptions options, CancellationToken cancellationToken)
    {
        long length = new FileInfo(path).Length;
        IngestReport? report = null;
        await console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask($"ingest {kind} {Path.GetFileName(path)}", maxValue: Math.Max(1, length));
                var progress = new Progress<IngestProgress>(p => task.Value = p.BytesRead);
                report = await ingest.IngestFileAsync(kind, path, options, progress, cancellationToken);
                task.Value = task.MaxValue;
            });
        return report!;
    }

    public static void Print(IAnsiConsole console, IngestReport report)
    {
        var c = report.Counts;
        string excluded = c.Excluded > 0 ? $" + {c.Excluded:N0} excluded (--exclude-sku)" : "";
        console.MarkupLineInterpolated(
            $"{report.Kind} [bold]{report.Source}[/]: {c.RowsRead:N0} rows read = {c.Accepted:N0} accepted + {c.Rejected:N0} rejected + {c.Duplicates:N0} duplicates{excluded} in {report.Elapsed.TotalSeconds:F1} s");
        if (c.AllRejected)
        {
            console.MarkupLineInterpolated($"[red]every row was rejected: nothing was loaded[/] (the reasons follow; forecasting rejects --source {report.Source})");
        }

        if (report.FirstRejects.Count == 0)
        {
            return;
        }

        var table = new Table().AddColumns("line", "field", "reason", "value");
        foreach (var reject in report.FirstRejects)
        {
            table.AddRow(Markup.Escape(reject.Line.ToString(System.Globalization.CultureInfo.InvariantCulture)), Markup.Escape(reject.Field), Markup.Escape(reject.Reason), Markup.Escape(reject.Value ?? ""));
        }

        console.Write(table);
        if (c.Rejected > report.FirstRejects.Count)
        {
            console.MarkupLineInterpolated($"... and {c.Rejected - report.FirstRejects.Count:N0} more: forecasting rejects --source {report.Source}");
        }
    }
}
