using System.CommandLine;
using System.Globalization;
using System.Text;
using Forecasting.Core.Domain;
using Forecasting.Core.Forecasting;
using Forecasting.Core.Forecasting.Selection;
using Forecasting.Core.Forecasting.Signals;
using Forecasting.Pipeline.Models;
using Forecasting.Storage.Datasets;
using Spectre.Console;

namespace Forecasting.Cli.Commands;

/// <summary>
/// <c>forecasting forecast</c>: forecasts every series of a long-format CSV, the way a StatsForecast user
/// would, and writes long-format CSV: series_id, [timestamp,] step, mean, one column per quantile, model.
/// </summary>
internal static class ForecastCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var input = new Option<FileInfo>("--input") { Description = "long-format CSV", Required = true };
        var idColumn = new Option<string>("--id-column") { DefaultValueFactory = _ => "series_id" };
        var timeColumn = new Option<string>("--time-column") { Description = "integer position, yyyy-MM-dd date or yyyy-MM month", DefaultValueFactory = _ => "t" };
        var valueColumn = new Option<string>("--value-column") { DefaultValueFactory = _ => "value" };
        var horizon = new Option<int>("--horizon") { Required = true };
        var season = new Option<int>("--season-length") { DefaultValueFactory = _ => 1 };
        var levels = new Option<string>("--levels") { Description = "central interval levels in percent, e.g. 80 or 80,95 (80 gives p10, p50, p90)", DefaultValueFactory = _ => "80" };
        var models = new Option<string>("--models") { Description = $"auto (default), one model, or several to choose among: {string.Join(", ", ModelCatalog.Names)}", DefaultValueFactory = _ => "auto" };
        var output = new Option<FileInfo>("--out") { Required = true };
        var windows = new Option<int>("--cv-windows") { Description = "automatic selection: rolling cross-validation origins per series", DefaultValueFactory = _ => 3 };
        var step = new Option<int?>("--cv-step") { Description = "automatic selection: periods between origins (default: the horizon)" };
        var combine = new Option<string>("--combine") { Description = "automatic selection: none (the best model), median or weighted (1/CV error) of the best --top-k", DefaultValueFactory = _ => "none" };
        var topK = new Option<int>("--top-k") { Description = "models combined by --combine", DefaultValueFactory = _ => 3 };
        var signalColumns = new Option<string?>("--signal-columns") { Description = "interest columns of the input read as leading indicators with the automatic pipeline, e.g. views,searches,cart_adds,wishlist_adds" };
        var explain = new Option<FileInfo?>("--explain") { Description = "also write per series: demand class, chosen model, its CV mean absolute error, runner-up and its error" };
        var command = new Command("forecast", "Forecast every series of a long-format CSV and write the forecasts as long-format CSV.")
        {
            input, idColumn, timeColumn, valueColumn, horizon, season, levels, models, output, windows, step, combine, topK, explain, signalColumns,
        };
        command.SetAction((result, cancellationToken) =>
        {
            var quantileLevels = QuantileLevels(result.GetValue(levels)!);
            var selection = new AutoOptions { Windows = result.GetValue(windows), Step = result.GetValue(step), Combine = ParseCombination(result.GetValue(combine)!), TopK = result.GetValue(topK) };
            var forecaster = Forecaster(result.GetValue(models)!, selection);
            string[] signalNames = result.GetValue(signalColumns)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
            var series = LongFormatLoader.Load(result.GetValue(input)!.FullName, new LongFormatColumns(result.GetValue(idColumn)!, result.GetValue(timeColumn)!, result.GetValue(valueColumn)!, signalNames));
            var request = new ForecastRequest { Horizon = result.GetValue(horizon), SeasonLength = result.GetValue(season), QuantileLevels = quantileLevels };
            request.Validate();
            var origin = new DateOnly(2000, 1, 3);
            var history = series.Select(s => new DemandSeries(new SeriesKey(s.Id, ""), Granularity.Day, origin, s.Values)).ToList();
            if (signalNames.Length > 0)
            {
                if (forecaster is not AutoForecaster)
                {
                    throw new ArgumentException("--signal-columns works with the automatic pipeline (--models auto, auto-median or auto-weighted).");
                }

                forecaster = new LeadingIndicatorForecaster(forecaster, new SignalPanel(series.Where(s => s.Values.Length > 0).Select(s => new SeriesSignals(new SeriesKey(s.Id, ""), origin, signalNames, [.. s.Signals]))));
            }

            IReadOnlyList<SeriesForecast> forecasts = [];
            console.Progress().AutoClear(false).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn()).Start(context =>
            {
                var task = context.AddTask($"forecast {history.Count:N0} series with {forecaster.Name}", maxValue: Math.Max(1, history.Count));
                forecasts = forecaster.Forecast(history, request, new InlineProgress<int>(done => task.Value = done), cancellationToken);
                task.Value = task.MaxValue;
            });
            Write(result.GetValue(output)!.FullName, series, forecasts, quantileLevels);
            if (result.GetValue(explain) is { } explainFile)
            {
                WriteChoices(explainFile.FullName, series, forecasts);
            }

            Report(console, series, forecasts, result.GetValue(output)!.FullName);
            return Task.FromResult(0);
        });
        return command;
    }

    /// <summary>Central intervals to quantile levels: 80 gives 0.1 and 0.9; the median is always included.</summary>
    internal static IReadOnlyList<double> QuantileLevels(string text)
    {
        var set = new SortedSet<double> { 0.5 };
        foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out double level) || level <= 0 || level >= 100)
            {
                throw new ArgumentException($"--levels: '{part}' is not a percentage strictly between 0 and 100.");
            }

            set.Add(Math.Round(0.5 - (level / 200), 6));
            set.Add(Math.Round(0.5 + (level / 200), 6));
        }

        return [.. set];
    }

    /// <summary>One model name: that model (auto: the automatic selection with <paramref name="selection"/>);
    /// several: the automatic selection among them.</summary>
    internal static IForecaster Forecaster(string names, AutoOptions selection)
    {
        selection.Validate();
        var resolved = ModelCatalog.Resolve(names);
        if (resolved.Count > 1)
        {
            return new AutoForecaster(selection with { Regular = resolved, Intermittent = resolved });
        }

        if (resolved[0] is not AutoForecaster auto)
        {
            return resolved[0];
        }

        // auto-median / auto-weighted name their combination; --combine overrides only plain auto's.
        var named = auto.Name switch
        {
            "Auto(median)" => Combination.Median,
            "Auto(weighted)" => Combination.InverseError,
            _ => selection.Combine,
        };
        return new AutoForecaster(selection with { Combine = named });
    }

    internal static Combination ParseCombination(string text) => text.ToLowerInvariant() switch
    {
        "none" => Combination.None,
        "median" => Combination.Median,
        "weighted" => Combination.InverseError,
        _ => throw new ArgumentException($"--combine must be none, median or weighted (was '{text}')."),
    };

    private static void WriteChoices(string path, IReadOnlyList<LongFormatSeries> series, IReadOnlyList<SeriesForecast> forecasts)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        writer.Write("series_id,demand_class,model,cv_mae,runner_up,runner_up_cv_mae\n");
        for (int s = 0; s < series.Count; s++)
        {
            var f = forecasts[s];
            var c = f.Choice;
            writer.Write(string.Create(CultureInfo.InvariantCulture, $"{Csv(series[s].Id)},{c?.DemandClass},{Csv(f.Model)},{Number(c?.Score)},{Csv(c?.RunnerUp ?? "")},{Number(c?.RunnerUpScore)}\n"));
        }

        static string Number(double? value) => value is { } v && double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : "";
    }

    private static void Write(string path, IReadOnlyList<LongFormatSeries> series, IReadOnlyList<SeriesForecast> forecasts, IReadOnlyList<double> levels)
    {
        bool timestamps = series.Count > 0 && series[0].Kind != TimeKind.Position;
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        writer.Write("series_id");
        writer.Write(timestamps ? ",timestamp" : "");
        writer.Write(",step,mean");
        foreach (double level in levels)
        {
            writer.Write(",p" + (level * 100).ToString("0.###", CultureInfo.InvariantCulture));
        }

        writer.Write(",model\n");
        for (int s = 0; s < series.Count; s++)
        {
            var f = forecasts[s];
            for (int step = 1; step <= f.Horizon; step++)
            {
                writer.Write(Csv(series[s].Id));
                if (timestamps)
                {
                    writer.Write(',' + series[s].TimeLabel(series[s].Values.Length + step - 1));
                }

                writer.Write(string.Create(CultureInfo.InvariantCulture, $",{step},{f.Mean[step - 1]:R}"));
                for (int l = 0; l < levels.Count; l++)
                {
                    writer.Write(string.Create(CultureInfo.InvariantCulture, $",{f.Quantile(l)[step - 1]:R}"));
                }

                writer.Write(',' + Csv(f.Model) + '\n');
            }
        }
    }

    private static void Report(IAnsiConsole console, IReadOnlyList<LongFormatSeries> series, IReadOnlyList<SeriesForecast> forecasts, string path)
    {
        console.MarkupLineInterpolated($"wrote {path}: {forecasts.Count:N0} series x {(forecasts.Count > 0 ? forecasts[0].Horizon : 0)} steps");
        var fallbacks = forecasts.Select((f, i) => (f, series[i])).Where(p => p.f.Model.Contains("fallback", StringComparison.Ordinal) || p.Item2.Values.Length == 0).ToList();
        if (fallbacks.Count > 0)
        {
            console.MarkupLineInterpolated($"[yellow]warning:[/] {fallbacks.Count:N0} series too short or empty got a fallback forecast, e.g. {string.Join(", ", fallbacks.Take(5).Select(p => $"{p.Item2.Id} ({p.Item2.Values.Length} values: {p.f.Model})"))}");
        }

        foreach (var group in forecasts.GroupBy(f => f.Model).OrderByDescending(g => g.Count()).Take(10))
        {
            console.MarkupLineInterpolated($"  {group.Key}: {group.Count():N0} series");
        }
    }

    private static string Csv(string value) => value.AsSpan().IndexOfAny(",\"\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
