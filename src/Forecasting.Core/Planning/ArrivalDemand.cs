namespace Forecasting.Core.Planning;

/// <summary>
/// A destination's demand around a move's arrival (<see cref="BenefitWindow.FromArrival"/>): the expected demand before the
/// move lands (<paramref name="BeforeMean"/>) and the demand from its arrival to the end of the window (normal, mean
/// <paramref name="AfterMean"/>, standard deviation <paramref name="AfterStdDev"/>). Stored with the proposal's limits so that
/// an edit is re-valued with the same numbers.
/// </summary>
public sealed record ArrivalDemand(double BeforeMean, double AfterMean, double AfterStdDev)
{
    /// <summary>The window's daily forecasts split at <paramref name="leadDays"/>, summed over the destination's regions.</summary>
    public static ArrivalDemand Split(IEnumerable<RegionForecast> forecasts, int leadDays, int windowDays)
    {
        ArgumentNullException.ThrowIfNull(forecasts);
        double before = 0;
        var after = new WindowDemand(0, 0);
        foreach (var f in forecasts)
        {
            int lead = Math.Clamp(leadDays, 0, Math.Min(windowDays, f.Mean.Length));
            before += WindowDemand.Sum(f.Mean, f.P10, f.P90, lead).Mean;
            after = after.Add(WindowDemand.Sum(f.Mean.AsSpan(lead), f.P10.AsSpan(lead), f.P90.AsSpan(lead), windowDays - lead));
        }

        return new ArrivalDemand(before, after.Mean, after.StdDev);
    }

    /// <summary>The demand from arrival to the end of the window.</summary>
    public WindowDemand After => new(AfterMean, AfterStdDev);

    /// <summary>What a destination at <paramref name="position"/> has left when the move lands (at least 0).</summary>
    public double LeftAtArrival(double position) => Math.Max(0, position - BeforeMean);
}
