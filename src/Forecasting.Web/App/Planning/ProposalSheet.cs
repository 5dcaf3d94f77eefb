using System.Globalization;
using Forecasting.Core.Domain;
using Forecasting.Core.Planning;
using Forecasting.Storage.Abstractions;
using Forecasting.Web.Reports;

namespace Forecasting.Web.App.Planning;

/// <summary>The destination's forecast over the move's window, summed over the regions it serves.</summary>
/// <param name="Regions">Regions served by the destination, with their window mean and p10-p90 (summed per day).</param>
public sealed record DestinationForecast(long RunId, IReadOnlyList<RegionWindow> Regions, SeriesChart Chart);

/// <summary>One region's demand over the window: the sums of its daily mean, p10 and p90.</summary>
public sealed record RegionWindow(string Region, double Mean, double P10, double P90);

/// <summary>
/// Everything the proposal page shows: the stored proposal, its decision history, the lane (lead time, cost, minimum),
/// the regions the destination serves, and the destination's forecast over the window against its position.
/// </summary>
public sealed record ProposalSheet(StoredProposal Proposal, IReadOnlyList<ProposalDecision> Decisions, Lane? Lane, DestinationForecast? Forecast, string? Staleness)
{
    public static async Task<ProposalSheet?> LoadAsync(IForecastingStore store, long id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (await store.GetProposalAsync(id, cancellationToken) is not { } proposal)
        {
            return null;
        }

        var decisions = await store.ListDecisionsAsync(id, cancellationToken);
        var network = await store.GetNetworkAsync(cancellationToken);
        var move = proposal.Current;
        var lane = network.Lanes.FirstOrDefault(l => l.From == move.From && l.To == move.To);
        var regions = network.Warehouses.FirstOrDefault(w => w.Id == move.To)?.RegionsServed ?? [];
        var plan = (await store.ListPlanRunsAsync(cancellationToken)).FirstOrDefault(r => r.Id == proposal.PlanRunId);
        DestinationForecast? forecast = plan is null ? null : await ForecastAsync(store, plan.ForecastRunId, move, regions, cancellationToken);
        string? stale = ProposalStateMachine.IsOpen(proposal.Status) ? await store.PlanStalenessAsync(proposal.PlanRunId, cancellationToken) : null;
        return new ProposalSheet(proposal, decisions, lane, forecast, stale);
    }

    /// <summary>The forecast run's days from arrival over the window, per region served and summed; charted as the
    /// cumulative demand band (p10-p90) and mean against the position before and after the move.</summary>
    private static async Task<DestinationForecast?> ForecastAsync(IForecastingStore store, long runId, TransferProposal move, IReadOnlyList<string> regions, CancellationToken cancellationToken)
    {
        var first = move.ArriveBy;
        var last = first.AddDays(Math.Max(1, move.WindowDays) - 1);
        var windows = new List<RegionWindow>();
        int days = last.DayNumber - first.DayNumber + 1;
        double[] mean = new double[days], p10 = new double[days], p90 = new double[days];
        foreach (string region in regions)
        {
            var rows = (await store.ReadForecastsAsync(runId, new SeriesKey(move.Sku, region), cancellationToken))
                .Where(r => r.TargetDate >= first && r.TargetDate <= last).ToList();
            if (rows.Count == 0)
            {
                continue;
            }

            windows.Add(new RegionWindow(region, rows.Sum(r => r.Mean), rows.Sum(r => r.P10), rows.Sum(r => r.P90)));
            foreach (var row in rows)
            {
                int i = row.TargetDate.DayNumber - first.DayNumber;
                mean[i] += row.Mean;
                p10[i] += row.P10;
                p90[i] += row.P90;
            }
        }

        if (windows.Count == 0)
        {
            return null;
        }

        var labels = Enumerable.Range(0, days).Select(i => first.AddDays(i).ToString("MM-dd", CultureInfo.InvariantCulture)).ToList();
        var chart = new SeriesChart($"{move.Sku} at {move.To}: demand over the window against position", "day", "units (cumulative)", labels,
            [
                new ChartLine("expected demand (cumulative mean)", Cumulative(mean), ReportPalette.Forecast),
                new ChartLine("position after the move", [.. Enumerable.Repeat<double?>(move.PositionAfter, days)], ReportPalette.Alternative),
                new ChartLine("position before", [.. Enumerable.Repeat<double?>(move.PositionBefore, days)], ReportPalette.Actual, Dashed: true),
            ],
            [new ChartBand("demand p10-p90 (cumulative, regions summed)", Cumulative(p10), Cumulative(p90), ReportPalette.Interval)]);
        return new DestinationForecast(runId, windows, chart);
    }

    private static List<double?> Cumulative(double[] values)
    {
        var sums = new List<double?>(values.Length);
        double total = 0;
        foreach (double v in values)
        {
            total += v;
            sums.Add(total);
        }

        return sums;
    }
}
