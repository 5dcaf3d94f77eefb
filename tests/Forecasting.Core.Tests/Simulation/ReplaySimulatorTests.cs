using Forecasting.Core.Domain;
using Forecasting.Core.Forecasting;
using Forecasting.Core.Forecasting.Signals;
using Forecasting.Core.Planning;
using Forecasting.Core.Simulation;

namespace Forecasting.Core.Tests.Simulation;

/// <summary>
/// The hand-computed network: a DC with 20 units and WH-A (region A) with 4, the lane DC -> WH-A 1 day at 0.50; one SKU (price 10,
/// cost 4, margin 6); 7 days of history without orders (so the DC orders nothing from suppliers), then 3 replayed days with
/// orders 3, 5 and 2 in region A. No customer drops a slower delivery; a remote unit costs 2 x 0.50 = 1; holding 1 % of the
/// unit cost a day (0.04 a unit-day).
/// </summary>
public class ReplaySimulatorTests
{
    private static readonly ReplayOptions Options = new() { LossPerExtraDeliveryDay = 0, HoldingCostPerYear = 3.65 };

    private static ReplayInput HandInput(Network? network = null, int[]? stock = null) => new(network ?? ReplayInstances.TwoWarehouses(), ReplayInstances.Start, 10, 7,
        [new ReplaySku(ReplayInstances.Item("S1"), [[0, 0, 0, 0, 0, 0, 0, 3, 5, 2]], stock ?? [20, 4])], SignalPanel.Empty);

    private static PolicyKpis Kpis(ReplayPolicy policy, ReplayOptions? options = null, ReplayInput? input = null) =>
        new ReplaySimulator(new NaiveForecaster(), options ?? Options).Run(input ?? HandInput(), [policy]).Kpis()[0];

    [Fact]
    public void Without_moves_the_DC_serves_what_the_regional_warehouse_runs_out_of()
    {
        // Day 1: 3 from WH-A (1 left). Day 2: 1 from WH-A, 4 from the DC (one split shipment, 2 days). Day 3: 2 from the DC.
        // Closing stock 21, 16, 14 (51 unit-days); profit = 10 x 6 - 6 x 1 (remote) - 51 x 0.04.
        var k = new ReplaySimulator(new NaiveForecaster(), Options).Run(HandInput(), [ReplayPolicy.None]).Kpis()[0];

        Assert.Equal((0.4, 1.6, 0L, 2L, 0L), (k.LocalFillRate, k.MeanDeliveryDays, k.LostUnits, k.SplitShipments, k.TransferUnits));
        Assert.Equal(17, k.AverageInventory, 9);
        Assert.Equal(2.04, k.HoldingCost, 9);
        Assert.Equal(51.96, k.Profit, 9);
        Assert.Null(k.PredictedBenefit);
    }

    [Fact]
    public void Reactive_refills_the_day_after_a_local_stock_out()
    {
        // Day 2 stocks out; day 3 refills up to mean (8 / 9 a day) x (1 + 7) = 7.1 -> 8 units (cost 4), arriving after the replay.
        var k = Kpis(ReplayPolicy.Reactive);

        Assert.Equal((0.4, 8L, 4.0), (k.LocalFillRate, k.TransferUnits, k.TransferCost));
        Assert.Equal(43 * 0.04, k.HoldingCost, 9);
        Assert.Equal(60 - 4 - 6 - (43 * 0.04), k.Profit, 9);
    }

    [Fact]
    public void The_oracle_moves_the_window_demand_and_serves_every_order_locally()
    {
        // The planner on foresight, day 1: window 1 + 7 days, demand 10 vs position 4 -> 6 units from the DC (surplus 20 - 20 %
        // reserve). Just in time (4 on day 1, 2 on day 2) moves the same units and holds the same stock: the first of equals stays.
        var k = Kpis(ReplayPolicy.Oracle);

        Assert.Equal((1.0, 1.0, 6L, 3.0), (k.LocalFillRate, k.MeanDeliveryDays, k.TransferUnits, k.TransferCost));
        Assert.Equal(45 * 0.04, k.HoldingCost, 9);
        Assert.Equal(60 - 3 - (45 * 0.04), k.Profit, 9);
    }

    [Fact]
    public void A_planned_move_is_predicted_by_the_planner_and_realises_only_what_its_units_saved()
    {
        // Sales-only planned weekly with a naive forecast: the last day before the replay sold 2, so the window (1 + 7 days) expects 16 and the
        // planner moves 16 units (cost 8). Valued as lost sales at margin 6 it predicts far more than valued as the remote delivery
        // each avoided unit saves (2 x 0.50 = 1: no customer drops a slow delivery here). In the replay the moved units serve
        // 4 + 2 orders after WH-A's own unit is gone: realised 6 x 1 - 8 = -2 under both.
        var history = HandInput() with { Skus = [new ReplaySku(ReplayInstances.Item("S1"), [[0, 0, 0, 0, 0, 0, 2, 3, 5, 2]], [20, 4])] };
        var weekly = Options with { PlanEveryDays = 7 };
        var lostSale = Kpis(ReplayPolicy.SalesOnly, weekly.WithPlannerEconomics(ShortageValuation.LostSale, benefitWindow: BenefitWindow.Window), history);
        var reachable = Kpis(ReplayPolicy.SalesOnly, weekly.WithPlannerEconomics(ShortageValuation.Reachable, benefitWindow: BenefitWindow.Window), history);

        Assert.Equal((16L, 8.0, 16L), (lostSale.TransferUnits, lostSale.TransferCost, reachable.TransferUnits));
        Assert.True(lostSale.PredictedBenefit > 5 * reachable.PredictedBenefit, $"{lostSale.PredictedBenefit} vs {reachable.PredictedBenefit}");
        Assert.Equal(-2, lostSale.RealisedBenefit!.Value, 9);
        Assert.Equal(-2, reachable.RealisedBenefit!.Value, 9);
    }

    [Fact]
    public void Customers_drop_slow_deliveries_at_the_configured_rate()
    {
        // Every extra day loses every unit: the 6 units the DC would have sent are lost.
        var k = Kpis(ReplayPolicy.None, Options with { LossPerExtraDeliveryDay = 1 });

        Assert.Equal((6L, 60.0, 1.0, 0L), (k.LostUnits, k.LostRevenue, k.LocalFillRate, k.SplitShipments));
    }

    [Fact]
    public void On_a_one_warehouse_network_no_policy_differs_from_the_oracle()
    {
        var network = new Network([new Region("A", "A", "DE")], [new Warehouse("DC", ["A"], 50, 8, 100_000, true)], []);
        var result = new ReplaySimulator(new NaiveForecaster(), Options).Run(HandInput(network, [24]), ReplayPolicies.All);
        var kpis = result.Kpis();

        var oracle = kpis.Single(k => k.Policy == ReplayPolicy.Oracle);
        Assert.All(kpis, k => Assert.Equal((oracle.Profit, oracle.LostUnits, oracle.LocalFillRate, oracle.HoldingCost, 0L), (k.Profit, k.LostUnits, k.LocalFillRate, k.HoldingCost, k.TransferUnits)));
        Assert.Equal(1.0, oracle.LocalFillRate);
    }

    [Fact]
    public void Zero_demand_moves_nothing()
    {
        var input = HandInput() with { Skus = [new ReplaySku(ReplayInstances.Item("S1"), [new int[10]], [20, 0])] };
        var kpis = new ReplaySimulator(new NaiveForecaster(), Options).Run(input, ReplayPolicies.All).Kpis();

        Assert.All(kpis, k => Assert.Equal((0L, 0L, 0L), (k.TransferUnits, k.LostUnits, k.SplitShipments)));
    }

    [Fact]
    public void Invalid_settings_are_refused_with_every_problem_named()
    {
        var error = Assert.Throws<ArgumentException>(() => new ReplaySimulator(new NaiveForecaster(), new ReplayOptions { LossPerExtraDeliveryDay = 2, RetrainEveryDays = 0 }));

        Assert.Contains("LossPerExtraDeliveryDay", error.Message, StringComparison.Ordinal);
        Assert.Contains("RetrainEveryDays", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Policy_names_parse_and_unknown_ones_are_named()
    {
        Assert.Equal([ReplayPolicy.None, ReplayPolicy.SalesOnly, ReplayPolicy.Oracle], ReplayPolicies.Parse("none, sales-only,oracle"));
        Assert.Contains("'psychic'", Assert.Throws<ArgumentException>(() => ReplayPolicies.Parse("none,psychic")).Message, StringComparison.Ordinal);
    }
}
