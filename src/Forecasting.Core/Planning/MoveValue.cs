namespace Forecasting.Core.Planning;

/// <summary>
/// What a move is worth (design.md "Planner math"): the expected shortage units it avoids at the destination
/// (E[(D - before)+] - E[(D - after)+] over the window demand), its transfer cost (units x cost per unit) and its
/// benefit (avoided x unit margin - cost). The planner values its moves with it and an edit re-values the move with
/// it, so both always agree.
/// </summary>
public readonly record struct MoveValue(double ShortageAvoided, double Cost, double Benefit)
{
    /// <summary>A move of <paramref name="quantity"/> units into a destination at <paramref name="positionBefore"/>.</summary>
    public static MoveValue Into(WindowDemand demand, int positionBefore, int quantity, double costPerUnit, double unitMargin)
    {
        double avoided = demand.ExpectedShortage(positionBefore) - demand.ExpectedShortage((double)positionBefore + quantity);
        double cost = quantity * costPerUnit;
        return new MoveValue(avoided, cost, (avoided * unitMargin) - cost);
    }

    /// <summary>A move of <paramref name="quantity"/> units that lands after the days of <paramref name="arrival"/>'s
    /// <see cref="ArrivalDemand.BeforeMean"/>: it avoids only shortage after it lands (<see cref="BenefitWindow.FromArrival"/>).</summary>
    public static MoveValue Into(ArrivalDemand arrival, int positionBefore, int quantity, double costPerUnit, double unitMargin)
    {
        ArgumentNullException.ThrowIfNull(arrival);
        double left = arrival.LeftAtArrival(positionBefore);
        var after = arrival.After;
        double avoided = after.ExpectedShortage(left) - after.ExpectedShortage(left + quantity);
        double cost = quantity * costPerUnit;
        return new MoveValue(avoided, cost, (avoided * unitMargin) - cost);
    }

    /// <summary>The same move valued once the window's demand is known (<paramref name="demand"/> units): the shortage it
    /// really avoided, (D - before)+ - (D - after)+.</summary>
    public static MoveValue Realised(double demand, int positionBefore, int quantity, double costPerUnit, double unitMargin)
    {
        double avoided = Math.Max(0, demand - positionBefore) - Math.Max(0, demand - positionBefore - quantity);
        double cost = quantity * costPerUnit;
        return new MoveValue(avoided, cost, (avoided * unitMargin) - cost);
    }

    /// <summary>Unconsumed stock moved back: it avoids no shortage here, so its value is minus its cost.</summary>
    public static MoveValue Back(int quantity, double costPerUnit)
    {
        double cost = quantity * costPerUnit;
        return new MoveValue(0, cost, -cost);
    }
}
