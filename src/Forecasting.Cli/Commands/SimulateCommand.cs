using System.CommandLine;
using System.Globalization;
using System.Text;
using Forecasting.Core.Domain;
using Forecasting.Core.Forecasting.Signals;
using Forecasting.Core.Planning;
using Forecasting.Core.Simulation;
using Forecasting.Core.Synthetic;
using Forecasting.Pipeline.Models;
using Forecasting.Storage;
using Forecasting.Storage.Files;
using Spectre.Console;

namespace Forecasting.Cli.Commands;

/// <summary>
/// <c>forecasting simulate</c>: the policy back-test (docs/simulation.md) over the last weeks of a generated platform folder or
/// of a store, the KPIs per policy printed and written as CSV, optionally an HTML report with charts.
/// </summary>
internal static class SimulateCommand
{
    /// <summary>The CSV columns, in order (the issue's contract).</summary>
    public static readonly IReadOnlyList<string> Columns =
        ["policy", "local_fill_rate", "mean_delivery_days", "lost_units", "lost_revenue", "split_shipments", "transfer_units", "transfer_cost", "holding_cost", "avg_inventory", "profit", "oracle_gain_share", "predicted_benefit", "realised_benefit"];

    public static Command Create(IAnsiConsole console)
    {
        var platform = new Option<DirectoryInfo?>("--platform") { Description = "a folder written by 'generate' (its network, catalog, demand and signals)" };
        var database = new Option<string?>("--db") { Description = "or a store (SQLite file or PostgreSQL connection): its network, catalog, demand and signals" };
        var generateSkus = new Option<int?>("--generate-skus") { Description = "or a platform generated in memory with this many SKUs x 6 regions (no files; for benchmarks)" };
        var generateDays = new Option<int>("--generate-days") { Description = "with --generate-skus: days generated (history + replay)", DefaultValueFactory = _ => 546 };
        var generateSeed = new Option<ulong>("--generate-seed") { Description = "with --generate-skus: the generator's seed", DefaultValueFactory = _ => 2027 };
        var weeks = new Option<int>("--weeks") { Description = "weeks replayed (the last ones of the data)", DefaultValueFactory = _ => 52 };
        var historyDays = new Option<int>("--history-days") { Description = "days before the replay the first forecasts train on (at most; the data must reach back that far)", DefaultValueFactory = _ => 182 };
        var policies = new Option<string>("--policies") { Description = "comma-separated: none, reactive, sales-only, anticipatory, oracle", DefaultValueFactory = _ => string.Join(",", ReplayPolicies.All.Select(ReplayPolicies.Name)) };
        var model = new Option<string>("--model") { Description = $"baseline forecaster of sales-only and anticipatory: {string.Join(", ", ModelCatalog.Names)}", DefaultValueFactory = _ => "auto" };
        var retrain = new Option<int>("--retrain-days") { Description = "days between re-trainings of the forecasts", DefaultValueFactory = _ => new ReplayOptions().RetrainEveryDays };
        var planDays = new Option<int>("--plan-days") { Description = "days between the planner policies' plans (1: daily, on the latest forecasts and the day's stock)", DefaultValueFactory = _ => new ReplayOptions().PlanCadenceDays };
        var reserve = new Option<double>("--central-reserve") { Description = "share of the central DC's position the planner never sends away", DefaultValueFactory = _ => new PlannerOptions().CentralReserveFraction };
        var trainingDays = new Option<int>("--training-days") { Description = "days of history each re-training sees", DefaultValueFactory = _ => new ReplayOptions().TrainingHistoryDays };
        var loss = new Option<double>("--loss-per-day") { Description = "probability a customer drops a unit per extra delivery day", DefaultValueFactory = _ => new ReplayOptions().LossPerExtraDeliveryDay };
        var economics = new Option<string>("--shortage-value") { Description = "planner economics: lost-sale (every shortage a lost sale at full margin) or reachable (served from the source with a slower delivery when in reach; docs/planner.md)", DefaultValueFactory = _ => "reachable" };
        var benefitWindow = new Option<string>("--benefit-window") { Description = "planner economics: window (a move's benefit counts the whole window from the plan day) or from-arrival (only the demand after it lands; docs/planner.md)", DefaultValueFactory = _ => "from-arrival" };
        var criticalRatio = new Option<bool>("--critical-ratio") { Description = "planner service levels from the newsvendor critical ratio instead of ABC" };
        var holding = new Option<bool>("--planner-holding") { Description = "the planner charges moves the holding cost of the units they leave unsold" };
        var seed = new Option<ulong>("--seed") { Description = "seed of the customers' decisions", DefaultValueFactory = _ => 1 };
        var output = new Option<FileInfo?>("--out") { Description = "write the KPIs per policy as CSV" };
        var report = new Option<FileInfo?>("--report") { Description = "write an HTML report with charts (fill rate and inventory over time, predicted against realised benefit)" };
        var command = new Command("simulate", "Back-test the stocking policies over past data: replay each day with only what was known then, and compare fill rate, delivery, lost sales, transfers, inventory and profit.")
        {
            platform, database, generateSkus, generateDays, generateSeed, weeks, historyDays, policies, model, retrain, planDays, reserve, trainingDays, loss, economics, benefitWindow, criticalRatio, holding, seed, output, report,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var chosen = ReplayPolicies.Parse(result.GetValue(policies)!);
            var baseline = ModelCatalog.Resolve(result.GetValue(model)!).Single();
            var options = new ReplayOptions
            {
                RetrainEveryDays = result.GetValue(retrain),
                PlanEveryDays = result.GetValue(planDays),
                TrainingHistoryDays = result.GetValue(trainingDays),
                LossPerExtraDeliveryDay = result.GetValue(loss),
                Seed = result.GetValue(seed),
            };
            options = options with { Planner = options.Planner with { CentralReserveFraction = result.GetValue(reserve) } };
            options = options.WithPlannerEconomics(ParseValuation(result.GetValue(economics)!), result.GetValue(criticalRatio), result.GetValue(holding), ParseBenefitWindow(result.GetValue(benefitWindow)!));
            int replayDays = result.GetValue(weeks) * 7;
            if (replayDays < 7)
            {
                throw new ArgumentException($"--weeks must be at least 1 (was {result.GetValue(weeks)}).");
            }

            var input = result.GetValue(generateSkus) is { } generated
                ? PlatformReplay.Create(SyntheticPlatform.Create(new GeneratorOptions { Skus = generated, Regions = 6, Days = result.GetValue(generateDays), Seed = result.GetValue(generateSeed) }), replayDays, cancellationToken)
                : result.GetValue(platform) is { } folder ? FromPlatform(folder.FullName, replayDays, result.GetValue(historyDays), cancellationToken)
                : result.GetValue(database) is { } target ? await FromStoreAsync(target, replayDays, result.GetValue(historyDays), cancellationToken)
                : throw new ArgumentException("simulate needs --platform DIR (a folder written by 'generate') or --db (a store).");
            var started = TimeProvider.System.GetTimestamp();
            ReplayResult? replay = null;
            console.Progress().AutoClear(true).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn()).Start(context =>
            {
                var task = context.AddTask($"replay {input.ReplayDays} days of {input.Skus.Count:N0} SKUs x {input.Network.Regions.Count} regions", maxValue: input.ReplayDays);
                replay = new ReplaySimulator(baseline, options).Run(input, chosen, new InlineProgress<int>(days => task.Value = days), cancellationToken);
            });
            var kpis = replay!.Kpis();
            Print(console, replay, kpis, TimeProvider.System.GetElapsedTime(started));
            if (result.GetValue(output) is { } csv)
            {
                WriteAtomically(csv.FullName, writer => WriteCsv(writer, kpis));
                console.MarkupLineInterpolated($"KPIs written to {csv.FullName}");
            }

            if (result.GetValue(report) is { } html)
            {
                WriteAtomically(html.FullName, writer => SimulationReport.Write(writer, replay, kpis, input, TimeProvider.System.GetUtcNow()));
                console.MarkupLineInterpolated($"report written to {html.FullName}");
            }

            return 0;
        });
        return command;
    }

    public static ReplayInput FromPlatform(string folder, int replayDays, int historyDays, CancellationToken cancellationToken)
    {
        string networkPath = Path.Combine(folder, PlatformFiles.Network);
        if (!File.Exists(networkPath))
        {
            throw new FormatException($"{networkPath}: not found (--platform needs a folder written by 'forecasting generate').");
        }

        Network network;
        using (var stream = File.OpenRead(networkPath))
        {
            network = NetworkJson.Read(stream, networkPath);
        }

        var history = PlatformHistory.Read(folder, cancellationToken);
        return Input(network, history.Catalog, history.Series, history.Signals, history.Truth.Options.End, replayDays, historyDays);
    }

    private static async Task<ReplayInput> FromStoreAsync(string target, int replayDays, int historyDays, CancellationToken cancellationToken)
    {
        var store = await StoreFactory.OpenExistingAsync(target, null, cancellationToken);
        var network = await store.GetNetworkAsync(cancellationToken);
        var catalog = await store.GetCatalogAsync(cancellationToken);
        var series = new List<DemandSeries>();
        var signals = new List<SeriesSignals>();
        await foreach (var s in store.ReadDailySeriesWithSignalsAsync(null, null, cancellationToken))
        {
            series.Add(s.Series);
            if (s.Signals is { } found)
            {
                signals.Add(found);
            }
        }

        if (series.Count == 0)
        {
            throw new ArgumentException($"The store {target} holds no demand to replay.");
        }

        return Input(network, catalog, series, new SignalPanel(signals), series.Max(s => s.End), replayDays, historyDays);
    }

    private static ReplayInput Input(Network network, IReadOnlyList<CatalogItem> catalog, IReadOnlyList<DemandSeries> series, SignalPanel signals, DateOnly lastDay, int replayDays, int historyDays)
    {
        DateOnly first = series.Where(s => s.Length > 0).Select(s => s.Start).DefaultIfEmpty(lastDay).Min();
        int available = lastDay.DayNumber - first.DayNumber + 1 - replayDays;
        if (available < 28)
        {
            throw new ArgumentException($"The data covers {first:yyyy-MM-dd}..{lastDay:yyyy-MM-dd}: replaying {replayDays / 7} weeks leaves {Math.Max(0, available)} days of history, at least 28 are needed (use fewer --weeks).");
        }

        return ReplayInputs.FromSeries(network, catalog, series, signals, lastDay, replayDays, Math.Min(historyDays, available));
    }

    private static ShortageValuation ParseValuation(string text) => text.ToLowerInvariant() switch
    {
        "lost-sale" => ShortageValuation.LostSale,
        "reachable" => ShortageValuation.Reachable,
        _ => throw new ArgumentException($"--shortage-value must be lost-sale or reachable (was '{text}')."),
    };

    private static BenefitWindow ParseBenefitWindow(string text) => text.ToLowerInvariant() switch
    {
        "window" => BenefitWindow.Window,
        "from-arrival" => BenefitWindow.FromArrival,
        _ => throw new ArgumentException($"--benefit-window must be window or from-arrival (was '{text}')."),
    };

    public static void WriteCsv(TextWriter writer, IReadOnlyList<PolicyKpis> kpis)
    {
        writer.WriteLine(string.Join(',', Columns));
        foreach (var k in kpis)
        {
            writer.WriteLine(string.Join(',',
                ReplayPolicies.Name(k.Policy), N(k.LocalFillRate, "0.######"), N(k.MeanDeliveryDays, "0.####"), k.LostUnits.ToString(CultureInfo.InvariantCulture), N(k.LostRevenue, "0.00"),
                k.SplitShipments.ToString(CultureInfo.InvariantCulture), k.TransferUnits.ToString(CultureInfo.InvariantCulture), N(k.TransferCost, "0.00"), N(k.HoldingCost, "0.00"),
                N(k.AverageInventory, "0.0"), N(k.Profit, "0.00"), N(k.OracleGainShare, "0.####"), N(k.PredictedBenefit, "0.00"), N(k.RealisedBenefit, "0.00")));
        }
    }

    private static void Print(IAnsiConsole console, ReplayResult replay, IReadOnlyList<PolicyKpis> kpis, TimeSpan elapsed)
    {
        var table = new Table().AddColumns("policy", "local fill", "fill", "delivery days", "lost units", "lost revenue", "splits", "transfer units", "transfer cost", "holding", "avg inventory", "profit", "oracle gain share", "predicted / realised benefit");
        foreach (var k in kpis)
        {
            table.AddRow(ReplayPolicies.Name(k.Policy), P(k.LocalFillRate), P(k.FillRate), N(k.MeanDeliveryDays, "0.00"), N(k.LostUnits), N(k.LostRevenue, "N0"), N(k.SplitShipments), N(k.TransferUnits),
                N(k.TransferCost, "N0"), N(k.HoldingCost, "N0"), N(k.AverageInventory, "N0"), N(k.Profit, "N0"), P(k.OracleGainShare),
                k.PredictedBenefit is { } p && k.RealisedBenefit is { } r ? $"{p:N0} / {r:N0}" + (Math.Abs(r) > 1e-9 ? FormattableString.Invariant($" ({p / r:0.00}x)") : "") : "");
        }

        console.Write(table);
        console.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"replayed {replay.Days} days from {replay.FirstDay:yyyy-MM-dd} in {elapsed.TotalSeconds:F1} s");
    }

    private static void WriteAtomically(string path, Action<TextWriter> write)
    {
        string temporary = path + ".tmp";
        using (var writer = new StreamWriter(temporary, false, new UTF8Encoding(false)))
        {
            write(writer);
        }

        File.Move(temporary, path, overwrite: true);
    }

    private static string P(double value) => double.IsFinite(value) ? value.ToString("P1", CultureInfo.InvariantCulture) : "";

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string N(double? value, string format) => value is { } v && double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "";
}
