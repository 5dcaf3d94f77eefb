using System.Globalization;
using Forecasting.Core.Simulation;
using Forecasting.Web.Reports;

namespace Forecasting.Cli.Commands;

/// <summary>The HTML report of <c>forecasting simulate --report</c>: the KPI table, local fill rate and inventory per week and
/// policy, stock and cover by warehouse, and the planner's predicted against realised benefit of example moves.</summary>
internal static class SimulationReport
{
    private static readonly string[] Colours = [ReportPalette.Actual, ReportPalette.Alert, ReportPalette.Baseline, ReportPalette.Forecast, ReportPalette.Alternative, ReportPalette.Interval];

    public static void Write(TextWriter writer, ReplayResult replay, IReadOnlyList<PolicyKpis> kpis, ReplayInput input, DateTimeOffset now)
    {
        var sections = new List<ReportSection>
        {
            new KeyValueSummary("Replay", [
                new("SKUs", input.Skus.Count.ToString("N0", CultureInfo.InvariantCulture)),
                new("regions", input.Network.Regions.Count.ToString(CultureInfo.InvariantCulture)),
                new("days replayed", FormattableString.Invariant($"{replay.Days} from {replay.FirstDay:yyyy-MM-dd}")),
                new("history before", FormattableString.Invariant($"{input.ReplayFrom} days")),
            ]),
            new ReportTable("KPIs per policy (profit = margin of units sold - transfer, remote delivery and holding cost; oracle gain share = (profit - none) / (oracle - none))",
                ["policy", "local fill rate", "fill rate", "mean delivery days", "lost units", "lost revenue", "split shipments", "transfer units", "transfer cost", "holding cost", "avg inventory", "profit", "oracle gain share", "predicted benefit", "realised benefit"],
                [.. kpis.Select(k => (IReadOnlyList<string>)[ReplayPolicies.Name(k.Policy), F(k.LocalFillRate, "P1"), F(k.FillRate, "P1"), F(k.MeanDeliveryDays, "0.00"), F(k.LostUnits, "N0"), F(k.LostRevenue, "N0"),
                    F(k.SplitShipments, "N0"), F(k.TransferUnits, "N0"), F(k.TransferCost, "N0"), F(k.HoldingCost, "N0"), F(k.AverageInventory, "N0"), F(k.Profit, "N0"), F(k.OracleGainShare, "P1"),
                    F(k.PredictedBenefit, "N0"), F(k.RealisedBenefit, "N0")])],
                HighlightColumn: 11, LowerIsBetter: false),
        };
        int weeks = replay.Days / 7;
        var labels = Enumerable.Range(0, weeks).Select(w => replay.FirstDay.AddDays(7 * w).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToList();
        sections.Add(new SeriesChart("Local fill rate per week (units shipped from the region's own warehouse / units shipped)", "week", "local fill rate", labels,
            [.. replay.Policies.Select((p, i) => new ChartLine(ReplayPolicies.Name(p.Policy), Weekly(p.Daily.Local, p.Daily.Sold, weeks), Colours[i % Colours.Length]))], []));
        sections.Add(new SeriesChart("Units on hand per week (average of the days, all warehouses)", "week", "units", labels,
            [.. replay.Policies.Select((p, i) => new ChartLine(ReplayPolicies.Name(p.Policy), Weekly(p.Daily.OnHand, null, weeks), Colours[i % Colours.Length]))], []));
        sections.Add(new ReportTable("Average stock and days of cover (average stock / average daily shipments) by warehouse",
            ["policy", .. replay.Warehouses],
            [.. kpis.Select(k => (IReadOnlyList<string>)[ReplayPolicies.Name(k.Policy), .. k.Warehouses.Select(w => $"{F(w.AverageInventory, "N0")} ({F(w.DaysOfCover, "0.0")} d)")])]));
        foreach (var outcome in replay.Policies.Where(p => p.Policy.UsesPlanner() && p.SampleMoves.Count > 0))
        {
            var moves = outcome.SampleMoves.OrderBy(m => m.PredictedBenefit).ToList();
            sections.Add(new SeriesChart($"{ReplayPolicies.Name(outcome.Policy)}: predicted against realised benefit of {moves.Count:N0} example moves (each SKU's first), sorted by predicted",
                "move", "benefit", [.. moves.Select((_, i) => (i + 1).ToString(CultureInfo.InvariantCulture))],
                [new ChartLine("predicted", [.. moves.Select(m => (double?)m.PredictedBenefit)], ReportPalette.Forecast), new ChartLine("realised", [.. moves.Select(m => (double?)m.RealisedBenefit)], ReportPalette.Actual)], []));
        }

        HtmlReportWriter.Write(writer, new ReportDocument("Policy back-test", $"{input.Skus.Count:N0} SKUs x {input.Network.Regions.Count} regions, {replay.Days} days from {replay.FirstDay:yyyy-MM-dd}", sections, now));
    }

    /// <summary>Per week: sum of <paramref name="values"/> / sum of <paramref name="per"/>, or the mean of the days without it.</summary>
    private static List<double?> Weekly(long[] values, long[]? per, int weeks)
    {
        var result = new List<double?>(weeks);
        for (int w = 0; w < weeks; w++)
        {
            double sum = 0, of = 0;
            for (int d = 7 * w; d < (7 * w) + 7; d++)
            {
                sum += values[d];
                of += per?[d] ?? 1;
            }

            result.Add(of > 0 ? sum / of : null);
        }

        return result;
    }

    private static string F(double? value, string format) => value is { } v && double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "";
}
