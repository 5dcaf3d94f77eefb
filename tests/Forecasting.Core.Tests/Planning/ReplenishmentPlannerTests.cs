using Forecasting.Core.Domain;
using Forecasting.Core.Planning;

namespace Forecasting.Core.Tests.Planning;

/// <summary>
/// Small networks computed by hand. Demand is deterministic (p10 = p90 = mean), so the target is the window
/// mean and a move of q units into a shortfall s avoids min(q, s) units. Base case: r1 sells 10 a day, r2 2;
/// w1 (serves r1) holds 50 against a target of 80 (window 1 + 7 days: its fastest lane takes 1 day);
/// w2 (serves r2) holds 40 against 16 (surplus 24); the DC holds 100 and keeps 20 % (surplus 80).
/// </summary>
public class ReplenishmentPlannerTests
{
    /// <summary>The original economics (every unit short a lost sale, over the whole window): the hand-computed numbers here.</summary>
    private static readonly PlannerOptions Original = new() { ShortageValuation = ShortageValuation.LostSale, BenefitWindow = BenefitWindow.Window };

    private static readonly DateOnly Today = new(2026, 3, 2);

    private static Network Network(Lane? w2ToW1 = null, int w1Capacity = 1000) => new(
        [new Region("r1", "R1", "DE"), new Region("r2", "R2", "DE")],
        [new Warehouse("dc", [], 50, 8, 10_000, true), new Warehouse("w1", ["r1"], 53, 10, w1Capacity, false), new Warehouse("w2", ["r2"], 48, 11, 1000, false)],
        [new Lane("dc", "w1", 2, 0.5m, 0), new Lane("dc", "w2", 2, 0.5m, 0), w2ToW1 ?? new Lane("w2", "w1", 1, 0.1m, 0), new Lane("w1", "w2", 1, 0.1m, 0)]);

    private static SkuPlanInput Input(int w1 = 50, int w2 = 40, int dc = 100, int casePack = 1, decimal price = 30, decimal cost = 12)
    {
        RegionForecast Flat(string region, double perDay) => new(region, Enumerable.Repeat(perDay, 28).ToArray(), Enumerable.Repeat(perDay, 28).ToArray(), Enumerable.Repeat(perDay, 28).ToArray());
        InventoryPosition At(string warehouse, int units) => new(warehouse, "S1", units, 0, 0, Today);
        return new SkuPlanInput(new CatalogItem("S1", "dresses", "", "", "", null, price, cost, casePack), 'A', "Auto",
            [Flat("r1", 10), Flat("r2", 2)], [At("dc", dc), At("w1", w1), At("w2", w2)]);
    }

    private static string Moves(IEnumerable<TransferProposal> proposals) => string.Join(", ", proposals.Select(p => $"{p.From}->{p.To} {p.Quantity}"));

    [Fact]
    public void The_cheap_nearby_surplus_goes_first_and_the_DC_covers_the_rest()
    {
        var proposals = new ReplenishmentPlanner(Network(), Original).PlanSku(Input(), Today);

        Assert.Equal("w2->w1 24, dc->w1 6", Moves(proposals));
        var first = proposals[0];
        Assert.Equal((80.0, 50, 74, Today.AddDays(1), 8), (first.Target, first.PositionBefore, first.PositionAfter, first.ArriveBy, first.WindowDays));
        Assert.Equal(24, first.ExpectedShortageAvoided, 9);
        Assert.Equal((24 * 18) - 2.4, first.Benefit, 9); // 24 units x margin 18 - 24 x 0.1
        Assert.Equal((6 * 18) - 3, proposals[1].Benefit, 9);
        Assert.Equal(("Auto", 0.95), (first.Model, first.ServiceLevel));
    }

    [Fact]
    public void The_cheapest_source_is_skipped_when_its_lane_arrives_after_the_window()
    {
        // w2 -> w1 takes 9 days; w1's window is then 2 + 7 = 9 days (target 90, shortfall 40) and the move
        // would arrive when the window ends: the DC, dearer but in time, covers all 40.
        var proposals = new ReplenishmentPlanner(Network(new Lane("w2", "w1", 9, 0.1m, 0)), Original).PlanSku(Input(), Today);

        Assert.Equal("dc->w1 40", Moves(proposals));
    }

    [Fact]
    public void A_destination_takes_no_more_than_its_capacity()
    {
        var proposals = new ReplenishmentPlanner(Network(w1Capacity: 60), Original).PlanSku(Input(), Today);

        Assert.Equal("w2->w1 10", Moves(proposals));
    }

    [Fact]
    public void A_lane_below_its_minimum_quantity_is_dropped_and_the_flow_solved_again()
    {
        // w2 has 24 to spare but its lane to w1 takes no less than 25: the DC covers all 30.
        var proposals = new ReplenishmentPlanner(Network(new Lane("w2", "w1", 1, 0.1m, 25)), Original).PlanSku(Input(), Today);

        Assert.Equal("dc->w1 30", Moves(proposals));
    }

    [Fact]
    public void Moves_are_rounded_down_to_whole_case_packs()
    {
        var proposals = new ReplenishmentPlanner(Network(), Original).PlanSku(Input(casePack: 4), Today);

        Assert.Equal("w2->w1 24, dc->w1 4", Moves(proposals));
    }

    [Fact]
    public void The_central_DC_keeps_its_reserve()
    {
        // w2 has nothing to spare; the DC holds 30 and keeps 20 % (6): 24 of w1's 30 are covered.
        var proposals = new ReplenishmentPlanner(Network(), Original).PlanSku(Input(w2: 16, dc: 30), Today);

        Assert.Equal("dc->w1 24", Moves(proposals));
    }

    [Fact]
    public void A_move_whose_benefit_is_negative_is_not_proposed()
    {
        // Margin 0.05 a unit: 24 x 0.05 = 1.2 < 2.4 transfer cost; 6 x 0.05 < 3.
        var proposals = new ReplenishmentPlanner(Network(), Original).PlanSku(Input(price: 12.05m, cost: 12), Today);

        Assert.Empty(proposals);
    }

    [Fact]
    public void Stock_moved_earlier_and_still_unsold_after_the_review_delay_is_proposed_back()
    {
        var network = Network() with { Lanes = [.. Network().Lanes, new Lane("w1", "dc", 2, 0.2m, 0)] };
        var planner = new ReplenishmentPlanner(network, Original);
        var moved = new TransferProposal("S1", "dc", "w1", 30, Today.AddDays(-40), 9, 0, 0, 0, 0, 0, 30, 0.95, 30, 15, 500, "Auto");

        var unsold = planner.ReviewUnconsumed(Input(w1: 120), moved, Today); // target 80: 40 over
        var recent = planner.ReviewUnconsumed(Input(w1: 120), moved with { ArriveBy = Today.AddDays(-10) }, Today);
        var sold = planner.ReviewUnconsumed(Input(w1: 70), moved, Today);
        var noWayBack = new ReplenishmentPlanner(Network(), Original).ReviewUnconsumed(Input(w1: 120), moved, Today);

        Assert.NotNull(unsold);
        Assert.Equal(("w1", "dc", 30, TransferProposal.ReviewUnconsumed, 120, 90), (unsold.From, unsold.To, unsold.Quantity, unsold.Kind, unsold.PositionBefore, unsold.PositionAfter));
        Assert.Equal(-6, unsold.Benefit, 9); // 30 x 0.2 to bring it back; the planner decides
        Assert.Null(recent);
        Assert.Null(sold);
        Assert.Null(noWayBack);
    }

    [Fact]
    public void Random_networks_respect_surpluses_capacities_and_are_deterministic()
    {
        var random = new Random(11);
        for (int instance = 0; instance < 150; instance++)
        {
            int count = random.Next(2, 7);
            var regions = Enumerable.Range(0, count).Select(i => new Region($"r{i}", "", "")).ToList();
            var warehouses = Enumerable.Range(0, count).Select(i => new Warehouse($"w{i}", i == 0 ? [] : [$"r{i}"], 0, 0, random.Next(20, 400), i == 0)).ToList();
            var lanes = new List<Lane>();
            foreach (var from in warehouses)
            {
                foreach (var to in warehouses.Where(t => t != from && random.NextDouble() < 0.6))
                {
                    lanes.Add(new Lane(from.Id, to.Id, random.Next(0, 6), (decimal)Math.Round(random.NextDouble(), 2), random.Next(0, 3) == 0 ? random.Next(1, 30) : 0));
                }
            }

            var network = new Network(regions, warehouses, lanes);
            var forecasts = regions.Select(r =>
            {
                double level = random.NextDouble() * 20;
                double[] mean = [.. Enumerable.Range(0, 28).Select(_ => level)];
                return new RegionForecast(r.Id, mean, [.. mean.Select(m => m * 0.5)], [.. mean.Select(m => m * 1.5)]);
            }).ToList();
            var positions = warehouses.Select(w => new InventoryPosition(w.Id, "S", random.Next(0, w.Capacity), random.Next(0, 10), random.Next(0, 5), Today)).ToList();
            var input = new SkuPlanInput(new CatalogItem("S", "", "", "", "", null, 20, 8, random.Next(1, 4)), "ABC"[random.Next(3)], "m", forecasts, positions);
            var planner = new ReplenishmentPlanner(network, Original);

            var proposals = planner.PlanSku(input, Today);

            Assert.Equal(Moves(proposals), Moves(planner.PlanSku(input, Today)));
            Assert.All(proposals, p => Assert.True(p.Benefit > 0 && p.Quantity > 0 && p.Quantity % input.Item.CasePack == 0));
            Assert.All(proposals, p => Assert.Equal(input.AbcClass, p.AbcClass)); // the queue filters by the class planned in
            Assert.All(proposals, p => Assert.True(lanes.Single(l => l.From == p.From && l.To == p.To) is var lane && lane.LeadTimeDays < planner.WindowDays(p.To) && p.Quantity >= lane.MinQuantity));
            var assessment = planner.Assess(input);
            for (int i = 0; i < warehouses.Count; i++)
            {
                var w = warehouses[i];
                int sent = proposals.Where(p => p.From == w.Id).Sum(p => p.Quantity);
                int received = proposals.Where(p => p.To == w.Id).Sum(p => p.Quantity);
                Assert.True(sent <= assessment.Surplus[i], $"{w.Id} sent {sent}, more than its surplus {assessment.Surplus[i]}");
                Assert.True(received <= Math.Min(assessment.Shortfall[i], assessment.Headroom[i]), $"{w.Id} received {received} over its shortfall or capacity");
                Assert.True(sent == 0 || received == 0, "a warehouse both sends and receives");
                if (w.IsCentral)
                {
                    Assert.True(sent <= assessment.Position[i] * 0.8 + 1e-9, "the DC sent into its reserve");
                }
            }
        }
    }
}
