using Forecasting.Core.Planning;

namespace Forecasting.Core.Simulation;

/// <summary>
/// The <see cref="ReplayPolicy.Oracle"/>: with perfect foresight of demand, per SKU and in hindsight the most profitable of
/// (1) the planner on the demand that then came, planned on the planner policies' cadence (<see cref="ReplayOptions.PlanCadenceDays"/>); (2) the same reviewed daily, each move
/// covering its lead time + 1 day (stock leaves the DC as late as it can, so it stays pooled for every region until then);
/// (3) no moves at all (what foresight chooses when moving does not pay). The planner alone on perfect foresight is no upper
/// bound: committing a week of demand to one region strands units another region needs when stock is short, and whole case
/// packs and lane minimums leave it a few units short, which a policy that over-forecasts covers (docs/simulation.md "Oracle").
/// </summary>
internal sealed class OracleCandidates(ReplayInput input, ReplayNetwork network, ReplenishmentPlanner planner, ReplayOptions options)
{
    private static readonly Candidate[] Candidates = Enum.GetValues<Candidate>();

    private enum Candidate
    {
        Planner,
        JustInTime,
        Reactive,
        NoMoves,
    }

    private readonly int _horizon = input.Network.Warehouses.Max(w => planner.WindowDays(w.Id));

    /// <summary>Replays every day of SKU <paramref name="index"/> under each candidate and keeps the most profitable
    /// (the first of equals); its days are added to <paramref name="daily"/>.</summary>
    public SkuLedger Best(int index, Func<SkuLedger> newLedger, ReplayDaily daily)
    {
        var sku = input.Skus[index];
        int from = input.ReplayFrom;
        SkuLedger? best = null;
        ReplayDaily? bestDays = null;
        foreach (var candidate in Candidates)
        {
            var ledger = newLedger();
            var days = new ReplayDaily(input.ReplayDays);
            for (int day = from; day < input.Days; day++)
            {
                ReplayDay.Run(ledger, sku, day, from, options, days, ReplayPolicy.Oracle, l =>
                {
                    switch (candidate)
                    {
                        case Candidate.Planner when (day - from) % options.PlanCadenceDays == 0:
                            PlannedMoves.Apply(l, planner, network, sku, 'A', "oracle", ReplayForecasts.Oracle(sku, input.Network, day, _horizon), day, input.Start.AddDays(day));
                            break;
                        case Candidate.JustInTime:
                            ForesightRefill.Apply(l, network, sku, day, input.Days - 1);
                            break;
                        case Candidate.Reactive:
                            ReactiveRefill.Apply(l, network, sku, day, options);
                            break;
                    }
                });
            }

            if (best is null || ledger.Totals.Profit > best.Totals.Profit)
            {
                (best, bestDays) = (ledger, days);
            }
        }

        daily.Add(bestDays!);
        return best!;
    }
}
