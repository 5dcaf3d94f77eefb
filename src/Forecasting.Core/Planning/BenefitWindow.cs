namespace Forecasting.Core.Planning;

/// <summary>Which demand a move's expected benefit counts (docs/planner.md "Economics").</summary>
public enum BenefitWindow
{
    /// <summary>The whole protection window from the plan day: the shortage avoided is E[(D - before)+] - E[(D - after)+]
    /// with D the window's demand, as if the moved units were there from the plan day (the original model).</summary>
    Window,

    /// <summary>Only the demand after the move lands: the destination meets the days before arrival with its own position
    /// (what it has left at arrival is the position less the expected demand before it, at least 0), and the move avoids
    /// E[(A - left)+] - E[(A - left - quantity)+] with A the demand from arrival to the end of the window. A shortage before
    /// the move lands is one no move on that lane can avoid.</summary>
    FromArrival,
}
