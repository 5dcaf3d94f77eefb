using Forecasting.Core.Domain;
using Forecasting.Core.Planning;

namespace Forecasting.Core.Tests.Planning;

/// <summary>
/// The planner's economics options on the network of <see cref="ReplenishmentPlannerTests"/> (r1 sells 10 a day at w1, which holds
/// 50 against a window demand of 80; w2 has 24 to spare over a 1-day lane at 0.10, the DC the rest over a 2-day lane at 0.50;
/// margin 18, demand deterministic so a move of q units avoids q units short). Reachable valuation with a loss of 0.15 per
/// extra day and remote delivery at 2 x the lane cost: a unit short that w2 could send is worth 0.15 x 18 + 0.85 x 0.20 = 2.87,
/// one the DC could send 0.30 x 18 + 0.70 x 1.00 = 6.10.
/// </summary>
public class PlannerEconomicsTests
{
    private static readonly DateOnly Today = new(2026, 3, 2);

    private static Network Network() => new(
        [new Region("r1", "R1", "DE"), new Region("r2", "R2", "DE")],
        [new Warehouse("dc", [], 50, 8, 10_000, true), new Warehouse("w1", ["r1"], 53, 10, 1000, false), new Warehouse("w2", ["r2"], 48, 11, 1000, false)],
        [new Lane("dc", "w1", 2, 0.5m, 0), new Lane("dc", "w2", 2, 0.5m, 0), new Lane("w2", "w1", 1, 0.1m, 0), new Lane("w1", "w2", 1, 0.1m, 0)]);

    private static SkuPlanInput Input()
    {
        RegionForecast Flat(string region, double perDay) => new(region, Enumerable.Repeat(perDay, 28).ToArray(), Enumerable.Repeat(perDay, 28).ToArray(), Enumerable.Repeat(perDay, 28).ToArray());
        InventoryPosition At(string warehouse, int units) => new(warehouse, "S1", units, 0, 0, Today);
        return new SkuPlanInput(new CatalogItem("S1", "dresses", "", "", "", null, 30, 12), 'A', "Auto", [Flat("r1", 10), Flat("r2", 2)], [At("dc", 100), At("w1", 50), At("w2", 40)]);
    }

    private static readonly PlannerOptions Reachable = new() { ShortageValuation = ShortageValuation.Reachable };

    [Fact]
    public void A_shortage_the_source_could_serve_a_little_later_is_worth_the_slower_delivery_not_the_whole_sale()
    {
        var proposals = new ReplenishmentPlanner(Network(), Reachable).PlanSku(Input(), Today);

        Assert.Equal(["w2->w1 24", "dc->w1 6"], proposals.Select(p => $"{p.From}->{p.To} {p.Quantity}"));
        Assert.Equal((24 * 2.87) - 2.4, proposals[0].Benefit, 9);
        Assert.Equal((6 * 6.10) - 3, proposals[1].Benefit, 9);
        Assert.Equal(2.87, proposals[0].Limits!.UnitMargin, 9); // an edit re-values with the same unit value
    }

    [Fact]
    public void Out_of_reach_a_shortage_is_still_a_lost_sale()
    {
        var proposals = new ReplenishmentPlanner(Network(), Reachable with { MaxExtraDeliveryDays = 1 }).PlanSku(Input(), Today);

        Assert.Equal((6 * 18) - 3, proposals.Single(p => p.From == "dc").Benefit, 9);
        Assert.Equal((24 * 2.87) - 2.4, proposals.Single(p => p.From == "w2").Benefit, 9);
    }

    [Fact]
    public void The_critical_ratio_sets_the_service_level_from_the_value_of_a_unit_short_against_its_cost()
    {
        // Cheapest lane into w1: from w2 at 0.10; cu = 2.87, co = 0.10 (no holding): 2.87 / 2.97.
        var proposals = new ReplenishmentPlanner(Network(), Reachable with { ServiceLevelFromCriticalRatio = true }).PlanSku(Input(), Today);

        Assert.All(proposals, p => Assert.Equal(2.87 / 2.97, p.ServiceLevel, 9));
    }

    [Fact]
    public void Holding_cost_is_charged_on_the_units_a_move_leaves_unsold()
    {
        // Uncertain demand at w1 (p10 5, p90 15 a day): the moves overshoot the mean, so part of them is expected unsold. Holding
        // 1 % of the unit cost 12 a day over the 8-day window costs 0.96 per unsold unit (quantity - shortage avoided).
        var input = Input() with { Forecasts = [new RegionForecast("r1", [.. Enumerable.Repeat(10.0, 28)], [.. Enumerable.Repeat(5.0, 28)], [.. Enumerable.Repeat(15.0, 28)]), Input().Forecasts[1]] };
        var plain = new ReplenishmentPlanner(Network(), Reachable).PlanSku(input, Today);
        var holding = new ReplenishmentPlanner(Network(), Reachable with { HoldingCostPerYear = 3.65 }).PlanSku(input, Today);

        Assert.Equal(plain.Select(p => (p.From, p.Quantity)), holding.Select(p => (p.From, p.Quantity)));
        Assert.Contains(plain, p => p.Quantity - p.ExpectedShortageAvoided > 1);
        Assert.All(plain.Zip(holding), pair => Assert.Equal(pair.First.Benefit - (0.96 * (pair.First.Quantity - pair.First.ExpectedShortageAvoided)), pair.Second.Benefit, 9));
    }

    [Fact]
    public void A_move_avoids_no_shortage_before_it_lands()
    {
        // 3 a day for certain, a 2-day lane, a 9-day window: 27 units. From an empty destination 30 units avoid all 27 units
        // short over the window, but the first 6 are short before the move lands: from arrival it avoids 21. From a position
        // of 10 (6 go before arrival, 4 left) both count 17.
        var arrival = ArrivalDemand.Split([new RegionForecast("r1", [.. Enumerable.Repeat(3.0, 10)], [.. Enumerable.Repeat(3.0, 10)], [.. Enumerable.Repeat(3.0, 10)])], 2, 9);
        var window = new WindowDemand(27, 0);

        Assert.Equal(new ArrivalDemand(6, 21, 0), arrival);
        Assert.Equal((27.0, 21.0), (MoveValue.Into(window, 0, 30, 0.5, 18).ShortageAvoided, MoveValue.Into(arrival, 0, 30, 0.5, 18).ShortageAvoided));
        Assert.Equal((17.0, 17.0), (MoveValue.Into(window, 10, 30, 0.5, 18).ShortageAvoided, MoveValue.Into(arrival, 10, 30, 0.5, 18).ShortageAvoided));
        Assert.Equal((21 * 18) - 15, MoveValue.Into(arrival, 0, 30, 0.5, 18).Benefit, 9);
    }

    [Fact]
    public void Counted_from_arrival_a_move_into_an_empty_destination_is_worth_less_and_an_edit_agrees()
    {
        // w1 is empty and w2 has nothing to spare: 80 units from the DC over its 2-day lane fill w1's 8-day window (10 a day).
        // Over the window they avoid 80 units short (benefit 80 x 18 - 40); from arrival the 20 ordered in the 2 days before
        // they land are short anyway, so they avoid 60 (60 x 18 - 40).
        var input = Input() with { Positions = [new InventoryPosition("dc", "S1", 200, 0, 0, Today), new InventoryPosition("w1", "S1", 0, 0, 0, Today), new InventoryPosition("w2", "S1", 16, 0, 0, Today)] };
        var window = Assert.Single(new ReplenishmentPlanner(Network(), new PlannerOptions { BenefitWindow = BenefitWindow.Window, ShortageValuation = ShortageValuation.LostSale }).PlanSku(input, Today));
        var arrival = Assert.Single(new ReplenishmentPlanner(Network(), new PlannerOptions { BenefitWindow = BenefitWindow.FromArrival, ShortageValuation = ShortageValuation.LostSale }).PlanSku(input, Today));

        Assert.Equal(("dc", 80, 80.0, (80 * 18) - 40.0), (window.From, window.Quantity, window.ExpectedShortageAvoided, window.Benefit));
        Assert.Equal(("dc", 80, 60.0, (60 * 18) - 40.0), (arrival.From, arrival.Quantity, arrival.ExpectedShortageAvoided, arrival.Benefit));
        Assert.Null(window.Limits!.Arrival);
        Assert.Equal(new ArrivalDemand(20, 60, 0), arrival.Limits!.Arrival);
        Assert.Equal(arrival.Benefit, new Proposal(1, 1, arrival, ProposalStatus.Proposed, 1, 80).Revalue(80).Benefit, 9); // an edit re-values from arrival too
        Assert.Equal((40 * 18) - 20.0, new Proposal(1, 1, arrival, ProposalStatus.Proposed, 1, 80).Revalue(40).Benefit, 9);
    }

    [Fact]
    public void An_unknown_benefit_window_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new PlannerOptions { BenefitWindow = (BenefitWindow)7 }.Validate());

        Assert.Contains("BenefitWindow", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_economics_are_refused_with_the_setting_named()
    {
        var error = Assert.Throws<ArgumentException>(() => new PlannerOptions { LossPerExtraDeliveryDay = 1.5 }.Validate());

        Assert.Contains("LossPerExtraDeliveryDay", error.Message, StringComparison.Ordinal);
    }
}
