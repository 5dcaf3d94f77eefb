namespace Forecasting.Jobs.Training;

/// <summary>Settings of a training or back-test run.</summary>
public sealed record TrainingOptions
{
    /// <summary>Days ahead to forecast, and days held back by a back-test.</summary>
    /// <value>28.</value>
    public int Horizon { get; init; } = 28;

    /// <summary>Seasonal period of daily demand (a week).</summary>
    /// <value>7.</value>
    public int SeasonLength { get; init; } = 7;

    /// <summary>Series forecast per call to a model (and per write to the store).</summary>
    /// <value>1,000.</value>
    public int BatchSize { get; init; } = 1_000;

    public void Validate()
    {
        if (Horizon < 1)
        {
            throw new ArgumentException($"Training:Horizon must be at least 1 (was {Horizon}).");
        }

        if (SeasonLength < 1)
        {
            throw new ArgumentException($"Training:SeasonLength must be at least 1 (was {SeasonLength}).");
        }

        if (BatchSize < 1)
        {
            throw new ArgumentException($"Training:BatchSize must be at least 1 (was {BatchSize}).");
        }
    }
}
