using Forecasting.Core.Domain;
using Forecasting.Core.Planning;

namespace Forecasting.Core.Tests.Planning;

/// <summary>The proposal aggregate: its state machine and its edit rules.</summary>
public class ProposalTests
{
    /// <summary>The original economics (every unit short a lost sale, over the whole window): the hand-computed numbers here.</summary>
    private static readonly PlannerOptions Original = new() { ShortageValuation = ShortageValuation.LostSale, BenefitWindow = BenefitWindow.Window };

    // A 44-unit move dc -> w1 planned with cases of 4, a lane minimum of 8, 60 units to spare at dc, room for 100 at w1.
    private static readonly MoveLimits Limits = new(SourceSurplus: 60, LaneMinimum: 8, CasePack: 4, DestinationHeadroom: 100, CostPerUnit: 0.5, UnitMargin: 12);

    private static TransferProposal Planned(MoveLimits? limits = null)
    {
        var demand = new WindowDemand(70, 12);
        var value = MoveValue.Into(demand, 20, 44, 0.5, 12);
        return new TransferProposal("SKU1", "dc", "w1", 44, new DateOnly(2026, 3, 4), 9, demand.Mean, demand.Quantile(0.1), demand.Quantile(0.9), demand.Quantile(0.95),
            20, 64, 0.95, value.ShortageAvoided, value.Cost, value.Benefit, "Auto", Limits: limits ?? Limits);
    }

    private static Proposal In(ProposalStatus status, MoveLimits? limits = null) => new(1, 1, Planned(limits), status, 1, 44);

    private static DecisionOutcome Apply(Proposal proposal, DecisionAction action) => action switch
    {
        DecisionAction.Approve => proposal.Approve(),
        DecisionAction.Edit => proposal.Edit(40),
        DecisionAction.Reject => proposal.Reject("no room"),
        DecisionAction.Export => proposal.Export(),
        DecisionAction.Expire => proposal.Expire("stale"),
        _ => proposal.Supersede(2),
    };

    public static TheoryData<ProposalStatus, DecisionAction, ProposalStatus?> Transitions()
    {
        var data = new TheoryData<ProposalStatus, DecisionAction, ProposalStatus?>();
        var legal = new Dictionary<(ProposalStatus, DecisionAction), ProposalStatus>
        {
            [(ProposalStatus.Proposed, DecisionAction.Approve)] = ProposalStatus.Approved,
            [(ProposalStatus.Proposed, DecisionAction.Edit)] = ProposalStatus.Edited,
            [(ProposalStatus.Proposed, DecisionAction.Reject)] = ProposalStatus.Rejected,
            [(ProposalStatus.Proposed, DecisionAction.Expire)] = ProposalStatus.Expired,
            [(ProposalStatus.Proposed, DecisionAction.Supersede)] = ProposalStatus.Superseded,
            [(ProposalStatus.Approved, DecisionAction.Edit)] = ProposalStatus.Edited,
            [(ProposalStatus.Approved, DecisionAction.Reject)] = ProposalStatus.Rejected,
            [(ProposalStatus.Approved, DecisionAction.Export)] = ProposalStatus.Exported,
            [(ProposalStatus.Approved, DecisionAction.Expire)] = ProposalStatus.Expired,
            [(ProposalStatus.Edited, DecisionAction.Edit)] = ProposalStatus.Edited,
            [(ProposalStatus.Edited, DecisionAction.Reject)] = ProposalStatus.Rejected,
            [(ProposalStatus.Edited, DecisionAction.Export)] = ProposalStatus.Exported,
            [(ProposalStatus.Edited, DecisionAction.Expire)] = ProposalStatus.Expired,
        };
        foreach (var status in Enum.GetValues<ProposalStatus>())
        {
            foreach (var action in Enum.GetValues<DecisionAction>())
            {
                data.Add(status, action, legal.TryGetValue((status, action), out var next) ? next : null);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Transitions))]
    public void Every_status_and_action_pair_is_either_the_documented_transition_or_an_illegal_one_that_changes_nothing(ProposalStatus from, DecisionAction action, ProposalStatus? expected)
    {
        var proposal = In(from);

        var outcome = Apply(proposal, action);

        if (expected is { } to)
        {
            Assert.Equal((DecisionFailure.None, from, to, to), (outcome.Failure, outcome.From, outcome.To, proposal.Status));
        }
        else
        {
            Assert.Equal((DecisionFailure.IllegalTransition, from, 44), (outcome.Failure, proposal.Status, proposal.Quantity));
            Assert.Contains("proposal 1 is", outcome.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_approved_proposal_can_still_be_rejected_but_a_new_plan_does_not_supersede_it()
    {
        var proposal = In(ProposalStatus.Proposed);
        proposal.Approve();

        var superseded = proposal.Supersede(2);
        var rejected = proposal.Reject("the store closed");

        Assert.Equal(DecisionFailure.IllegalTransition, superseded.Failure);
        Assert.Equal((DecisionFailure.None, ProposalStatus.Approved, ProposalStatus.Rejected), (rejected.Failure, rejected.From, rejected.To));
    }

    [Theory]
    [InlineData(int.MaxValue, EditRules.SourceSurplus)]
    [InlineData(64, EditRules.SourceSurplus)]
    [InlineData(7, EditRules.LaneMinimum)]
    [InlineData(4, EditRules.LaneMinimum)]
    [InlineData(42, EditRules.CasePack)]
    [InlineData(0, EditRules.Positive)]
    [InlineData(-4, EditRules.Positive)]
    public void An_edit_outside_the_moves_limits_is_refused_naming_the_rule_and_changes_nothing(int quantity, string rule)
    {
        var proposal = In(ProposalStatus.Proposed);

        var outcome = proposal.Edit(quantity);

        Assert.Equal((DecisionFailure.InvalidInput, rule), (outcome.Failure, outcome.Rule));
        Assert.Equal((ProposalStatus.Proposed, 44, (TransferProposal?)null), (proposal.Status, proposal.Quantity, proposal.Edited));
    }

    [Fact]
    public void An_edit_beyond_the_destinations_room_is_refused()
    {
        var proposal = In(ProposalStatus.Proposed, Limits with { SourceSurplus = 500, DestinationHeadroom = 48 });

        Assert.Equal(EditRules.DestinationCapacity, proposal.Edit(52).Rule);
        Assert.True(proposal.Edit(48).Succeeded);
    }

    [Fact]
    public void An_edit_is_revalued_with_the_planners_math_exactly_as_if_the_planner_had_proposed_that_quantity()
    {
        var proposal = In(ProposalStatus.Approved);

        var outcome = proposal.Edit(24, "half a pallet fits");

        var demand = WindowDemand.FromMeanAndP90(proposal.Planned.DemandMean, proposal.Planned.DemandP90);
        var expected = MoveValue.Into(demand, 20, 24, 0.5, 12);
        Assert.Equal((ProposalStatus.Approved, ProposalStatus.Edited, 44, 24), (outcome.From, outcome.To, outcome.QuantityBefore, outcome.QuantityAfter));
        var edited = proposal.Edited!;
        Assert.Equal((24, 44), (edited.Quantity, edited.PositionAfter)); // 20 before + 24
        Assert.Equal(expected.ShortageAvoided, edited.ExpectedShortageAvoided, 9);
        Assert.Equal(expected.Benefit, edited.Benefit, 9);
        Assert.Equal(12.0, edited.Cost, 9);
        Assert.True(edited.ExpectedShortageAvoided < proposal.Planned.ExpectedShortageAvoided);
        Assert.Equal(proposal.Planned.Benefit, proposal.Revalue(44).Benefit, 9); // the planned quantity re-values to the planner's own numbers
        Assert.Equal(44, proposal.Planned.Quantity); // the engine's proposal is kept as issued
    }

    [Fact]
    public void The_planner_records_the_limits_an_edit_is_checked_against()
    {
        var network = new Network([new Region("north", "North", "X")],
            [new Warehouse("dc", [], 0, 0, 10_000, true), new Warehouse("w1", ["north"], 0, 0, 130, false)],
            [new Lane("dc", "w1", 2, 0.5m, 8)]);
        var planner = new ReplenishmentPlanner(network, Original);
        double[] mean = [.. Enumerable.Repeat(10.0, 14)], p10 = [.. Enumerable.Repeat(6.0, 14)], p90 = [.. Enumerable.Repeat(14.0, 14)];
        var input = new SkuPlanInput(new CatalogItem("SKU1", "", "", "", "", null, 30m, 18m, CasePack: 6), 'A', "Auto",
            [new RegionForecast("north", mean, p10, p90)],
            [new InventoryPosition("dc", "SKU1", 1000, 0, 0, new DateOnly(2026, 3, 1)), new InventoryPosition("w1", "SKU1", 20, 10, 0, new DateOnly(2026, 3, 1))]);

        var move = Assert.Single(planner.PlanSku(input, new DateOnly(2026, 3, 1)));

        var assessment = planner.Assess(input);
        Assert.Equal(new MoveLimits((int)assessment.Surplus[0], 8, 6, 100, 0.5, 12), move.Limits);
        var proposal = new Proposal(1, 1, move, ProposalStatus.Proposed, 1, move.Quantity);
        Assert.Equal(move.Benefit, proposal.Revalue(move.Quantity).Benefit, 9);
    }
}

/// <summary>Agreed moves (approved or edited, not exported) count in the next plan as stock on its way.</summary>
public class AgreedMovesTests
{
    [Fact]
    public void An_agreed_move_counts_as_in_transit_at_its_destination_and_committed_at_its_source()
    {
        var day = new DateOnly(2026, 3, 1);
        IReadOnlyList<InventoryPosition> positions = [new("dc", "S", 500, 0, 0, day), new("w1", "S", 10, 5, 0, day)];

        var counted = AgreedMoves.CountIn(positions, [("S", "dc", "w1", 40), ("S", "dc", "w2", 12)], day).ToDictionary(p => p.Warehouse);

        Assert.Equal((10, 45, 55), (counted["w1"].OnHand, counted["w1"].InTransit, counted["w1"].Position));
        Assert.Equal((12, 12), (counted["w2"].InTransit, counted["w2"].Position)); // no stock there yet: a position is added
        Assert.Equal((52, 448), (counted["dc"].Committed, counted["dc"].Position));
        Assert.Same(positions, AgreedMoves.CountIn(positions, [], day));
    }

    [Fact]
    public void The_planner_does_not_propose_again_what_an_agreed_move_already_brings()
    {
        var network = new Network([new Region("north", "North", "X")],
            [new Warehouse("dc", [], 0, 0, 10_000, true), new Warehouse("w1", ["north"], 0, 0, 1_000, false)],
            [new Lane("dc", "w1", 2, 0.5m, 0)]);
        var planner = new ReplenishmentPlanner(network);
        double[] mean = [.. Enumerable.Repeat(10.0, 14)], p10 = [.. Enumerable.Repeat(6.0, 14)], p90 = [.. Enumerable.Repeat(14.0, 14)];
        var day = new DateOnly(2026, 3, 1);
        SkuPlanInput Input(IReadOnlyList<InventoryPosition> positions) =>
            new(new CatalogItem("S", "", "", "", "", null, 30m, 18m), 'A', "Auto", [new RegionForecast("north", mean, p10, p90)], positions);
        IReadOnlyList<InventoryPosition> stock = [new("dc", "S", 1000, 0, 0, day), new("w1", "S", 10, 0, 0, day)];
        var first = Assert.Single(planner.PlanSku(Input(stock), day));

        var again = planner.PlanSku(Input(AgreedMoves.CountIn(stock, [("S", "dc", "w1", first.Quantity)], day)), day);

        Assert.Empty(again);
    }
}
