using System.CommandLine;
using System.Globalization;
using Forecasting.Core.Synthetic;
using Forecasting.Storage.Files;
using Spectre.Console;

namespace Forecasting.Cli.Commands;

/// <summary><c>forecasting generate</c>: writes a synthetic fashion platform as ingestible files.</summary>
internal static class GenerateCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var defaults = new GeneratorOptions();
        var skus = new Option<int>("--skus") { Description = "items in the catalog", DefaultValueFactory = _ => defaults.Skus };
        var regions = new Option<int>("--regions") { Description = "sales regions (4-12), one warehouse each plus a central DC", DefaultValueFactory = _ => defaults.Regions };
        var days = new Option<int>("--days") { Description = "days of history", DefaultValueFactory = _ => defaults.Days };
        var seed = new Option<ulong>("--seed") { Description = "random seed: the same seed writes the same files", DefaultValueFactory = _ => defaults.Seed };
        var start = new Option<string>("--start") { Description = "first day of the history (yyyy-MM-dd)", DefaultValueFactory = _ => defaults.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) };
        var trendMargin = new Option<int>("--trend-margin") { Description = "latest trend start, in days before the end of the history (1: trends may still be under way on the last day)", DefaultValueFactory = _ => defaults.TrendEndMarginDays };
        var output = new Option<DirectoryInfo>("--out") { Description = "folder to write catalog.csv, network.json, demand.csv, inventory.csv, truth.json", Required = true };
        var command = new Command("generate", "Write a synthetic fashion platform (catalog, network, daily demand, inventory, ground truth).")
        {
            skus, regions, days, seed, start, trendMargin, output,
        };
        command.SetAction((result, cancellationToken) =>
        {
            if (!DateOnly.TryParseExact(result.GetValue(start), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first))
            {
                throw new ArgumentException($"--start must be a date like 2024-11-25 (was '{result.GetValue(start)}').");
            }

            var options = new GeneratorOptions
            {
                Skus = result.GetValue(skus),
                Regions = result.GetValue(regions),
                Days = result.GetValue(days),
                Seed = result.GetValue(seed),
                Start = first,
                TrendEndMarginDays = result.GetValue(trendMargin),
            };
            var report = Run(console, options, result.GetValue(output)!.FullName, cancellationToken);
            console.MarkupLineInterpolated(
                $"wrote [bold]{report.Folder}[/]: {report.CatalogRows:N0} catalog rows, {report.DemandRows:N0} demand rows ({report.DemandBytes / 1e6:F0} MB), {report.InventoryRows:N0} inventory rows, network.json, truth.json");
            return Task.FromResult(0);
        });
        return command;
    }

    /// <summary>Generates with a progress bar over the days of history.</summary>
    public static PlatformFilesReport Run(IAnsiConsole console, GeneratorOptions options, string folder, CancellationToken cancellationToken)
    {
        PlatformFilesReport? report = null;
        console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                var task = context.AddTask($"generate {options.Skus:N0} SKUs x {options.Regions} regions x {options.Days:N0} days", maxValue: options.Days);
                var platform = SyntheticPlatform.Create(options);
                report = PlatformFiles.Write(platform, folder, new InlineProgress<int>(d => task.Value = d), cancellationToken);
                task.Value = task.MaxValue;
            });
        return report!;
    }
}
