using Forecasting.Core.Planning;
using Forecasting.Core.Accuracy;
using Forecasting.Core.Domain;
using Forecasting.Storage.Abstractions;

namespace Forecasting.Pipeline.Scoring;

/// <summary>One edited move judged against what was then sold: the destination's stock position after the move as the
/// engine proposed it and as the planner edited it, against the actual demand over the protection window.</summary>
public sealed record EditOutcome(long ProposalId, string Sku, string To, DateOnly From, DateOnly Through, int EngineQuantity, int PlannerQuantity,
    int EnginePosition, int PlannerPosition, double ActualDemand)
{
    public double EngineError => Math.Abs(EnginePosition - ActualDemand);

    public double PlannerError => Math.Abs(PlannerPosition - ActualDemand);
}

/// <summary>Whether planners' edits added value: judged edits (their window has actuals), the engine's and the planners'
/// total absolute gap between stock position and demand, and how many edits got closer to demand.</summary>
public sealed record EditValue(int Edits, IReadOnlyList<EditOutcome> Judged)
{
    public double EngineError => Judged.Sum(o => o.EngineError);

    public double PlannerError => Judged.Sum(o => o.PlannerError);

    public int Improved => Judged.Count(o => o.PlannerError < o.EngineError);

    /// <summary>Share of the engine's gap the edits removed (negative: the edits made it worse); NaN with nothing judged.</summary>
    public double ValueAdded => EngineError > 0 ? (EngineError - PlannerError) / EngineError : double.NaN;
}

/// <summary>
/// Forecast value added of planners' edits: every proposal whose quantity a planner edited is judged once the
/// destination's protection window (the days after the plan date it was sized for) has actuals. The engine's
/// implied decision is the position after its proposed quantity; the planner's, the position after the edited one.
/// </summary>
public sealed class EditValueService(IForecastingStore store)
{
    public async Task<EditValue> MeasureAsync(CancellationToken cancellationToken = default)
    {
        var lastStoredDay = (await store.GetDemandDaysAsync(cancellationToken)).Last;
        var plans = (await store.ListPlanRunsAsync(cancellationToken)).ToDictionary(p => p.Id);
        var edited = new List<(StoredProposal Proposal, int Engine, int Planner, DateOnly From, DateOnly Through)>();
        foreach (var status in new[] { ProposalStatus.Edited, ProposalStatus.Exported })
        {
            foreach (var proposal in await store.ListProposalsAsync(status, null, 100_000, cancellationToken))
            {
                var edits = (await store.ListDecisionsAsync(proposal.Id, cancellationToken)).Where(d => d.Action == DecisionAction.Edit).ToList();
                if (edits.Count > 0 && plans.TryGetValue(proposal.PlanRunId, out var plan))
                {
                    var from = plan.PlanDate.AddDays(1);
                    edited.Add((proposal, edits[0].QuantityBefore ?? proposal.Proposal.Quantity, edits[^1].QuantityAfter ?? proposal.Quantity, from, from.AddDays(proposal.Proposal.WindowDays - 1)));
                }
            }
        }

        var ready = edited.Where(e => lastStoredDay is { } last && e.Through <= last).ToList();
        if (ready.Count == 0)
        {
            return new EditValue(edited.Count, []);
        }

        var window = new ActualsWindow(ready.Min(e => e.From), ready.Max(e => e.Through));
        await store.FillActualsAsync(window, cancellationToken);
        var network = await store.GetNetworkAsync(cancellationToken);
        var regions = network.Warehouses.ToDictionary(w => w.Id, w => w.RegionsServed, StringComparer.Ordinal);
        var judged = ready.Select(e =>
        {
            double demand = 0;
            foreach (string region in regions.GetValueOrDefault(e.Proposal.Proposal.To) ?? [])
            {
                for (var day = e.From; day <= e.Through; day = day.AddDays(1))
                {
                    demand += window.Actual(new SeriesKey(e.Proposal.Proposal.Sku, region), day) ?? 0;
                }
            }

            int before = e.Proposal.Proposal.PositionBefore;
            return new EditOutcome(e.Proposal.Id, e.Proposal.Proposal.Sku, e.Proposal.Proposal.To, e.From, e.Through, e.Engine, e.Planner, before + e.Engine, before + e.Planner, demand);
        }).ToList();
        return new EditValue(edited.Count, judged);
    }
}
