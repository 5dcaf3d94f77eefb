using System.CommandLine;
using System.Globalization;
using System.Text;
using Forecasting.Core.Evaluation;
using Forecasting.Core.Forecasting.ColdStart;
using Forecasting.Pipeline.Models;
using Forecasting.Storage.Datasets;
using Spectre.Console;

namespace Forecasting.Cli.Commands;

/// <summary>
/// <c>forecasting evaluate</c>: rolling-origin evaluation of a model set on a dataset, as a table and CSV.
/// Built-in datasets: <c>m4-weekly</c> (h 13, m 1, scored the M4 way with OWA against Naive2) and
/// <c>carparts</c> (h 6, season 12, MASE with m 12), both from the shared data folder; or any long-format CSV.
/// </summary>
internal static class EvaluateCommand
{
    private sealed record Preset(string RelativePath, LongFormatColumns Columns, int Horizon, int Season, int MaseSeason);

    private static readonly Dictionary<string, Preset> Presets = new(StringComparer.OrdinalIgnoreCase)
    {
        ["m4-weekly"] = new("m4-weekly/train.csv", new LongFormatColumns("series_id", "t", "value"), 13, 1, 1),
        ["carparts"] = new("carparts/demand.csv", new LongFormatColumns("series_id", "period", "demand"), 6, 12, 12),
    };

    public static Command Create(IAnsiConsole console)
    {
        var dataset = new Option<string?>("--dataset") { Description = "m4-weekly, carparts, or a long-format CSV file" };
        var platform = new Option<DirectoryInfo?>("--platform") { Description = "a folder written by 'generate': hold out its last days and score sales-only against auto per segment" };
        var holdoutDays = new Option<int>("--holdout-days") { Description = "with --platform: days held out", DefaultValueFactory = _ => 28 };
        var by = new Option<string>("--by") { Description = "with --platform: segment (sales-only against auto per segment) or level (base against reconciled forecasts per hierarchy level)", DefaultValueFactory = _ => "segment" };
        var coldStartDays = new Option<int>("--cold-start-days") { Description = "with --platform: series with less history since launch are forecast from analogues by auto", DefaultValueFactory = _ => new ColdStartOptions().MinHistoryDays };
        var errorLag = new Option<int>("--error-lag") { Description = "with --platform --by level: days between a day and the seasonal naive value its in-sample error is measured against (docs/reconciliation.md)", DefaultValueFactory = _ => Forecasting.Core.Hierarchy.ForecastErrors.DefaultLag };
        var dataRoot = new Option<DirectoryInfo?>("--data-root") { Description = "folder holding m4-weekly/ and carparts/ (default: $FORECASTING_DATA, else shared/data beside the repository)" };
        var models = new Option<string>("--models") { Description = $"comma-separated: {string.Join(", ", ModelCatalog.Names)}", DefaultValueFactory = _ => "naive,snaive,naive2,ses,theta,ssa" };
        var horizon = new Option<int?>("--horizon") { Description = "steps forecast (default 13 for m4-weekly, 6 for carparts)" };
        var season = new Option<int?>("--season-length") { Description = "season length given to the models (default 1 for m4-weekly, 12 for carparts)" };
        var maseSeason = new Option<int?>("--mase-season-length") { Description = "m of the MASE scale (default 1 for m4-weekly, 12 for carparts)" };
        var windows = new Option<int>("--windows") { Description = "rolling origins per series (1 = the last horizon points)", DefaultValueFactory = _ => 1 };
        var step = new Option<int?>("--step") { Description = "steps between origins (default: the horizon)" };
        var output = new Option<FileInfo?>("--out") { Description = "write the metric table as CSV" };
        var segmentsOutput = new Option<FileInfo?>("--segments-out") { Description = "write p10-p90 coverage and WAPE per volume class, demand class and horizon bucket as CSV (also printed)" };
        var idColumn = new Option<string>("--id-column") { DefaultValueFactory = _ => "series_id" };
        var timeColumn = new Option<string>("--time-column") { DefaultValueFactory = _ => "t" };
        var valueColumn = new Option<string>("--value-column") { DefaultValueFactory = _ => "value" };
        var command = new Command("evaluate", "Rolling-origin evaluation of forecasters on a dataset (M4 weekly, carparts or any long-format CSV).")
        {
            dataset, dataRoot, models, horizon, season, maseSeason, windows, step, output, segmentsOutput, idColumn, timeColumn, valueColumn, platform, holdoutDays, by, coldStartDays, errorLag,
        };
        command.SetAction((result, cancellationToken) =>
        {
            if (result.GetValue(platform) is { } folder)
            {
                string platformModels = result.GetResult(models) is { Implicit: false } ? result.GetValue(models)! : "sales-only,auto";
                return Task.FromResult(PlatformEvaluation.Run(console, folder.FullName, result.GetValue(holdoutDays), platformModels, result.GetValue(by)!, result.GetValue(output)?.FullName, new ColdStartOptions { MinHistoryDays = result.GetValue(coldStartDays) }, cancellationToken, result.GetValue(errorLag)));
            }

            var forecasters = ModelCatalog.Resolve(result.GetValue(models)!);
            string name = result.GetValue(dataset) ?? throw new ArgumentException("evaluate needs --dataset (m4-weekly, carparts or a CSV file) or --platform (a generated platform folder).");
            Presets.TryGetValue(name, out var preset);
            string root = result.GetValue(dataRoot)?.FullName ?? DefaultDataRoot();
            string path = preset is null ? name : Path.Combine(root, preset.RelativePath);
            var columns = preset?.Columns ?? new LongFormatColumns(result.GetValue(idColumn)!, result.GetValue(timeColumn)!, result.GetValue(valueColumn)!);
            var series = LongFormatLoader.Load(path, columns).Select(s => s.ToEvaluation()).ToList();
            int h = result.GetValue(horizon) ?? preset?.Horizon ?? throw new ArgumentException("--horizon is required for a CSV file.");
            var options = new RollingOriginOptions
            {
                Horizon = h,
                Windows = result.GetValue(windows),
                Step = result.GetValue(step) ?? h,
                SeasonLength = result.GetValue(season) ?? preset?.Season ?? 1,
                MaseSeasonLength = result.GetValue(maseSeason) ?? preset?.MaseSeason ?? 1,
            };
            EvaluationResult? evaluation = null;
            console.Progress().AutoClear(false).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn()).Start(context =>
            {
                var task = context.AddTask($"evaluate {forecasters.Count} models on {series.Count:N0} series", maxValue: forecasters.Count);
                evaluation = RollingOriginEvaluator.Evaluate(series, forecasters, options, new InlineProgress<int>(done => task.Value = done), cancellationToken);
            });
            Print(console, name, options, evaluation!, preset is not null && name.Equals("m4-weekly", StringComparison.OrdinalIgnoreCase) ? Path.Combine(root, "m4-weekly", "reference.csv") : null);
            if (result.GetValue(output) is { } file)
            {
                WriteCsv(file.FullName, evaluation!);
                console.MarkupLineInterpolated($"wrote {file.FullName}");
            }

            if (result.GetValue(segmentsOutput) is { } segmentsFile)
            {
                PrintSegments(console, evaluation!);
                WriteSegmentsCsv(segmentsFile.FullName, evaluation!);
                console.MarkupLineInterpolated($"wrote {segmentsFile.FullName}");
            }

            return Task.FromResult(0);
        });
        return command;
    }

    private static void Print(IAnsiConsole console, string name, RollingOriginOptions options, EvaluationResult evaluation, string? referencePath)
    {
        var table = new Table().Title($"{name}: {evaluation.Series:N0} series, {evaluation.Forecasts:N0} forecasts (h {options.Horizon}, {options.Windows} origin(s), MASE m = {options.MaseSeasonLength}), {evaluation.Skipped:N0} skipped")
            .AddColumns("model", "sMAPE", "MASE", "RMSSE", "WAPE", "bias", "coverage p10-p90", "pinball", "OWA", "seconds", "series/s");
        foreach (var m in evaluation.Models)
        {
            table.AddRow(m.Model, F(m.Smape), F(m.Mase), F(m.Rmsse), F(m.Wape), F(m.Bias), F(m.Coverage), F(m.Pinball), F(evaluation.Owa(m)),
                m.Elapsed.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture), (m.Forecasts / Math.Max(1e-9, m.Elapsed.TotalSeconds)).ToString("N0", CultureInfo.InvariantCulture));
        }

        if (referencePath is not null && File.Exists(referencePath))
        {
            foreach (var score in PublishedScores.Load(referencePath).Where(s => s.Method is "Naive2" or "SES" or "Theta" or "Damped" or "Com" or "Comb S-H-D" || s.Owa == PublishedScores.Load(referencePath).Min(r => r.Owa)))
            {
                table.AddRow($"[grey]M4 published (test set): {Markup.Escape(score.Method)}[/]", F(score.Smape), F(score.Mase), "", "", "", "", "", F(score.Owa), "", "");
            }
        }

        console.Write(table);
    }

    private static void WriteCsv(string path, EvaluationResult evaluation)
    {
        var csv = new StringBuilder("model,forecasts,points,smape,mase,rmsse,wape,bias,coverage,pinball,owa,seconds\n");
        foreach (var m in evaluation.Models)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{m.Model},{m.Forecasts},{m.Points},{m.Smape:R},{m.Mase:R},{m.Rmsse:R},{m.Wape:R},{m.Bias:R},{m.Coverage:R},{m.Pinball:R},{evaluation.Owa(m):R},{m.Elapsed.TotalSeconds:R}\n");
        }

        File.WriteAllText(path, csv.ToString());
    }

    private static void PrintSegments(IAnsiConsole console, EvaluationResult evaluation)
    {
        var table = new Table().Title("p10-p90 coverage per segment").AddColumns("model", "dimension", "segment", "points", "coverage", "WAPE");
        foreach (var m in evaluation.Models)
        {
            foreach (var s in m.Segments)
            {
                table.AddRow(m.Model, s.Dimension.ToString(), s.Segment, s.Points.ToString("N0", CultureInfo.InvariantCulture), F(s.Coverage), F(s.Wape));
            }
        }

        console.Write(table);
    }

    private static void WriteSegmentsCsv(string path, EvaluationResult evaluation)
    {
        var csv = new StringBuilder("model,dimension,segment,points,coverage,wape\n");
        foreach (var m in evaluation.Models)
        {
            foreach (var s in m.Segments)
            {
                csv.Append(CultureInfo.InvariantCulture, $"{m.Model},{s.Dimension},{s.Segment},{s.Points},{s.Coverage:R},{s.Wape:R}\n");
            }
        }

        File.WriteAllText(path, csv.ToString());
    }

    private static string F(double value) => double.IsNaN(value) ? "" : value.ToString("F3", CultureInfo.InvariantCulture);

    /// <summary>
    /// The shared data folder: <c>$FORECASTING_DATA</c> if set, else the first existing <c>shared/data</c> beside
    /// the repository or one of its ancestors (the workplace keeps it at ../shared/data), else /work/shared/data.
    /// </summary>
    internal static string DefaultDataRoot()
    {
        if (Environment.GetEnvironmentVariable("FORECASTING_DATA") is { Length: > 0 } configured)
        {
            return configured;
        }

        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "shared", "data");
                if (Directory.Exists(Path.Combine(candidate, "m4-weekly")))
                {
                    return candidate;
                }
            }
        }

        return "/work/shared/data";
    }
}
