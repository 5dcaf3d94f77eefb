using Forecasting.Core.Planning;

namespace Forecasting.Core.Tests.Planning;

public sealed class EditOutcomeTests
{
    // 30 units proposed into a destination holding 10; margin 12 and transfer cost 2 per unit (the proposal's limits).
    private static readonly TransferProposal Proposed = new("S", "dc", "w1", 30, new DateOnly(2026, 3, 4), 10, 35, 20, 50, 45, 10, 40, 0.95, 24, 60, 228, "Auto",
        Limits: new MoveLimits(100, 1, 1, 100, 2, 12));

    [Fact]
    public void A_move_is_valued_on_the_shortage_the_actual_demand_shows_it_avoided()
    {
        var realised = MoveValue.Realised(demand: 25, positionBefore: 10, quantity: 30, costPerUnit: 2, unitMargin: 12);

        Assert.Equal(15, realised.ShortageAvoided); // (25 - 10)+ - (25 - 40)+
        Assert.Equal(60, realised.Cost);
        Assert.Equal(15 * 12 - 60, realised.Benefit);
    }

    [Fact]
    public void An_edit_down_to_the_demand_that_came_adds_the_cost_it_saved_and_an_edit_short_of_it_loses_margin()
    {
        var down = EditOutcome.Of(Proposed, 15, new DateOnly(2026, 3, 2), demand: 25); // 25 - 10 = 15 needed
        var tooFar = EditOutcome.Of(Proposed, 5, new DateOnly(2026, 3, 2), demand: 25);

        Assert.Equal((15 * 12 - 60.0, 15 * 12 - 30.0, 30.0), (down.AsProposed.Benefit, down.AsEdited.Benefit, down.ValueAdded));
        Assert.Equal(5 * 12 - 10 - (15 * 12 - 60.0), tooFar.ValueAdded); // 10 units of margin lost, 50 of cost saved
        Assert.True(tooFar.ValueAdded < 0);
    }

    [Fact]
    public void Without_recorded_limits_the_prices_come_from_the_proposals_own_numbers()
    {
        var old = Proposed with { Limits = null }; // cost 60 for 30 units, benefit 228 + cost 60 over 24 avoided = 12

        var outcome = EditOutcome.Of(old, 15, new DateOnly(2026, 3, 2), demand: 25);

        Assert.Equal(30.0, outcome.ValueAdded, 9);
    }
}
