using System.Collections.Concurrent;
using Forecasting.Core.Domain;
using Forecasting.Core.Planning;
using Forecasting.Storage.Abstractions;
using Forecasting.Storage.Resilience;

namespace Forecasting.Pipeline.Planning;

/// <summary>The outcome of one planning run: the run and its proposals, best benefit first.</summary>
public sealed record PlanResult(PlanRun Run, IReadOnlyList<TransferProposal> Proposals)
{
    public double TotalBenefit => Proposals.Sum(p => p.Benefit);
}

/// <summary>
/// Plans from the store: the latest completed production forecast run, the network, the catalog (prices and
/// case packs) and the inventory; ABC classes by forecast revenue (units over the horizon x price, the
/// revenue the plan protects); the planner runs per SKU on all cores; the proposals are stored as a new plan
/// run (earlier proposals nobody decided on are superseded; approved and edited moves stand and count as in transit). The plan date is the forecast run's cutoff. Exported moves whose stock
/// is still in surplus at the destination after <see cref="PlannerOptions.ReviewUnconsumedAfterDays"/> come back
/// as review proposals (move it back, or reject to hold).
/// </summary>
public sealed class PlanningService(IForecastingStore store, ResilienceOptions? resilience = null)
{
    public async Task<PlanResult> PlanAsync(PlannerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var forecastRun = (await store.ListRunsAsync(cancellationToken)).LatestCompletedProduction()
            ?? throw new InvalidOperationException("No completed production forecast run: train before planning (forecasting run --job train).");
        var network = await store.GetNetworkAsync(cancellationToken);
        if (network.Warehouses.Count == 0)
        {
            throw new InvalidOperationException("No network stored: ingest network.json before planning.");
        }

        var catalog = (await store.GetCatalogAsync(cancellationToken)).ToDictionary(c => c.Sku, StringComparer.Ordinal);
        var inventory = (await store.GetInventoryAsync(cancellationToken)).GroupBy(p => p.Sku, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (IReadOnlyList<InventoryPosition>)[.. g], StringComparer.Ordinal);
        var forecasts = new Dictionary<string, List<RegionForecast>>(StringComparer.Ordinal);
        foreach (var series in (await store.ReadForecastsAsync(forecastRun.Id, null, cancellationToken)).GroupBy(r => (r.Sku, r.Region)))
        {
            var rows = series.OrderBy(r => r.Horizon).ToList();
            var forecast = new RegionForecast(series.Key.Region, [.. rows.Select(r => r.Mean)], [.. rows.Select(r => r.P10)], [.. rows.Select(r => r.P90)]);
            if (!forecasts.TryGetValue(series.Key.Sku, out var list))
            {
                forecasts[series.Key.Sku] = list = [];
            }

            list.Add(forecast);
        }

        var revenue = forecasts.Select(f => (f.Key, f.Value.Sum(r => r.Mean.Sum()) * (double)(catalog.GetValueOrDefault(f.Key)?.Price ?? 0)));
        var classes = AbcClassifier.Classify(revenue, options);
        var planner = new ReplenishmentPlanner(network, options, () => new OrToolsMinCostFlow());
        var planDate = forecastRun.Cutoff;
        // Approved and edited moves not yet exported stand across plans: counted as in transit (committed at the source).
        var agreed = new List<StoredProposal>();
        foreach (var status in Enum.GetValues<ProposalStatus>().Where(ProposalStateMachine.IsAgreed))
        {
            agreed.AddRange(await store.ListProposalsAsync(status, null, int.MaxValue, cancellationToken));
        }

        var agreedBySku = agreed.GroupBy(p => p.Proposal.Sku, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => (p.Proposal.Sku, p.Proposal.From, p.Proposal.To, p.Quantity)).ToList(), StringComparer.Ordinal);
        var inputs = forecasts.ToDictionary(
            entry => entry.Key,
            entry => new SkuPlanInput(catalog.GetValueOrDefault(entry.Key) ?? new CatalogItem(entry.Key, "", "", "", "", null, null, null), classes[entry.Key], forecastRun.Models, entry.Value,
                AgreedMoves.CountIn(inventory.GetValueOrDefault(entry.Key) ?? [], agreedBySku.GetValueOrDefault(entry.Key) ?? [], forecastRun.Cutoff)),
            StringComparer.Ordinal);
        var all = new ConcurrentBag<TransferProposal>();
        Parallel.ForEach(inputs.Values, new ParallelOptions { CancellationToken = cancellationToken }, input =>
        {
            foreach (var proposal in planner.PlanSku(input, planDate))
            {
                all.Add(proposal);
            }
        });

        // Stock pre-positioned by exported moves and still unsold after the review delay: flagged for review.
        foreach (var moved in await store.ListProposalsAsync(ProposalStatus.Exported, null, int.MaxValue, cancellationToken))
        {
            if (moved.Proposal.Kind == TransferProposal.PrePosition && inputs.TryGetValue(moved.Proposal.Sku, out var input)
                && planner.ReviewUnconsumed(input, moved.Proposal with { Quantity = moved.Quantity }, planDate) is { } review)
            {
                all.Add(review);
            }
        }

        var proposals = all.OrderByDescending(p => p.Benefit).ThenBy(p => p.Sku, StringComparer.Ordinal).ThenBy(p => p.From, StringComparer.Ordinal).ThenBy(p => p.To, StringComparer.Ordinal).ToList();
        var run = await store.CreatePlanRunAsync(forecastRun.Id, planDate, cancellationToken);
        await using (await LeaseHeartbeat.StartAsync(store, LeasedWork.PlanRun, run.Id, resilience, null, cancellationToken))
        {
            await store.WriteProposalsAsync(run.Id, proposals, cancellationToken);
        }

        return new PlanResult(run with { Status = PlanRunStatus.Completed, Proposals = proposals.Count, TotalBenefit = proposals.Sum(p => p.Benefit) }, proposals);
    }
}
