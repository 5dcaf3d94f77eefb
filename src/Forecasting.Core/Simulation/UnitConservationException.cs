namespace Forecasting.Core.Simulation;

/// <summary>A replay lost or created a unit: on hand + in transit + sold no longer equals what entered, or sold + lost no
/// longer equals what was ordered. A bug in the replay, never a property of the data.</summary>
public sealed class UnitConservationException : InvalidOperationException
{
    public UnitConservationException()
    {
    }

    public UnitConservationException(string message)
        : base(message)
    {
    }

    public UnitConservationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
