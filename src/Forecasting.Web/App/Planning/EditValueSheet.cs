using System.Globalization;
using Forecasting.Core.Planning;
using Forecasting.Core.Trends;
using Forecasting.Storage.Abstractions;
using Forecasting.Web.Reports;

namespace Forecasting.Web.App.Planning;

/// <summary>The planners' edits of one plan week, valued against the actual demand (<see cref="EditOutcome"/>).</summary>
public sealed record EditWeek(DateOnly Week, int Edits, int Better, int Worse, double ValueAdded);

/// <summary>
/// Value added of the planners' edits (ops' accuracy page): each edited move whose protection window has passed, valued
/// at the edited quantity against the proposed one on the destination's actual demand, newest first, summed by plan
/// week with a chart of the cumulative value added. Rejected and superseded proposals are left out (no move happened);
/// edits whose window has not ended yet are counted as pending.
/// </summary>
public sealed record EditValueSheet(IReadOnlyList<EditOutcome> Outcomes, IReadOnlyList<EditWeek> Weeks, int Pending, SeriesChart? Chart)
{
    /// <summary>The most recent edits read.</summary>
    public const int Limit = 500;

    public double ValueAdded => Outcomes.Sum(o => o.ValueAdded);

    public static async Task<EditValueSheet> LoadAsync(IForecastingStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var edited = (await store.ListEditedProposalsAsync(Limit, cancellationToken))
            .Where(p => p.Status is not (ProposalStatus.Rejected or ProposalStatus.Superseded)).ToList();
        if (edited.Count == 0)
        {
            return new EditValueSheet([], [], 0, null);
        }

        var planDays = (await store.ListPlanRunsAsync(cancellationToken)).ToDictionary(r => r.Id, r => r.PlanDate);
        var lastDay = (await store.GetDemandDaysAsync(cancellationToken)).Last;
        var served = (await store.GetNetworkAsync(cancellationToken)).Warehouses.ToDictionary(w => w.Id, w => w.RegionsServed, StringComparer.Ordinal);
        var due = edited.Where(p => lastDay is { } last && planDays.TryGetValue(p.PlanRunId, out var day) && day.AddDays(p.Proposal.WindowDays - 1) <= last).ToList();
        var skus = due.Select(p => p.Proposal.Sku).ToHashSet(StringComparer.Ordinal);
        var demand = new Dictionary<(string Sku, string Region), Core.Domain.DemandSeries>();
        if (skus.Count > 0)
        {
            await foreach (var series in store.ReadDailySeriesAsync(lastDay, skus.Contains, cancellationToken))
            {
                demand[(series.Key.Sku, series.Key.Region)] = series;
            }
        }

        var outcomes = new List<EditOutcome>(due.Count);
        foreach (var p in due)
        {
            var start = planDays[p.PlanRunId];
            double units = 0;
            foreach (var region in served.GetValueOrDefault(p.Proposal.To) ?? [])
            {
                if (demand.TryGetValue((p.Proposal.Sku, region), out var series))
                {
                    units += WindowSum(series, start, p.Proposal.WindowDays);
                }
            }

            outcomes.Add(EditOutcome.Of(p.Proposal, p.Quantity, start, units));
        }

        var weeks = outcomes.GroupBy(o => IsoWeeks.Monday(o.WindowStart)).OrderBy(g => g.Key)
            .Select(g => new EditWeek(g.Key, g.Count(), g.Count(o => o.ValueAdded > 1e-9), g.Count(o => o.ValueAdded < -1e-9), g.Sum(o => o.ValueAdded))).ToList();
        return new EditValueSheet(outcomes, weeks, edited.Count - due.Count, weeks.Count == 0 ? null : CumulativeChart(weeks));
    }

    private static double WindowSum(Core.Domain.DemandSeries series, DateOnly start, int days)
    {
        double sum = 0;
        for (int d = 0; d < days; d++)
        {
            if (series.IndexOf(start.AddDays(d)) is { } i)
            {
                sum += series.Values[i];
            }
        }

        return sum;
    }

    private static SeriesChart CumulativeChart(IReadOnlyList<EditWeek> weeks)
    {
        double running = 0;
        var cumulative = weeks.Select(w => (double?)(running += w.ValueAdded)).ToList();
        return new SeriesChart("Value added of planners' edits, cumulative by plan week", "plan week", "value added",
            [.. weeks.Select(w => w.Week.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))],
            [
                new ChartLine("cumulative value added", cumulative, ReportPalette.Forecast),
                new ChartLine("zero: the proposals as planned", [.. weeks.Select(_ => (double?)0)], ReportPalette.Baseline, Dashed: true),
            ], []);
    }
}
