namespace Forecasting.Core.Forecasting.ColdStart;

/// <summary>Settings of the cold-start forecast from analogues (<see cref="ColdStartForecaster"/>).</summary>
public sealed record ColdStartOptions
{
    /// <summary>A series with less history than this since its launch (or not launched yet) is forecast from analogues.</summary>
    /// <value>28 days.</value>
    public int MinHistoryDays { get; init; } = 28;

    /// <summary>Analogues needed at an attribute level before a looser level is tried (<see cref="AnalogueLevel"/>).</summary>
    /// <value>8.</value>
    public int MinAnalogues { get; init; } = 8;

    /// <summary>Analogues used at most: those launched closest in time to the target.</summary>
    /// <value>60.</value>
    public int MaxAnalogues { get; init; } = 60;

    /// <summary>Weight, in units, of the level the target's own early interest implies against its own early sales
    /// (the shape of a gamma prior on its scale; interest converts at an item-specific rate, about 30 % spread).</summary>
    /// <value>10.</value>
    public double InterestWeight { get; init; } = 10;

    /// <summary>The same weight without interest: the analogues' average scale against the target's own early sales.</summary>
    /// <value>1.</value>
    public double AnalogueWeight { get; init; } = 1;

    public void Validate()
    {
        if (MinHistoryDays < 1 || MinAnalogues < 1 || MaxAnalogues < MinAnalogues || !(InterestWeight > 0) || !(AnalogueWeight > 0))
        {
            throw new ArgumentException("Cold-start options: MinHistoryDays >= 1, 1 <= MinAnalogues <= MaxAnalogues, InterestWeight and AnalogueWeight > 0.");
        }
    }
}
