using Forecasting.Core.Hierarchy;

namespace Forecasting.Pipeline.Training;

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

    /// <summary>Issue the forecast as of this day (data after it is ignored), e.g. to re-create a snapshot that would
    /// have been issued earlier; default: the last day of stored demand.</summary>
    public DateOnly? Cutoff { get; init; }

    /// <summary>The automatic pipeline reads the interest signals stored beside the units and lets the leading-indicator
    /// model compete where a batch has them (docs/anticipation.md); false forecasts from sales alone.</summary>
    /// <value>true.</value>
    public bool UseSignals { get; init; } = true;

    /// <summary>Series per call to the automatic pipeline when it reads signals: the leading-indicator model learns across
    /// the batch, so it is larger than <see cref="BatchSize"/>, and a batch never splits a SKU's regions.</summary>
    /// <value>6,000.</value>
    public int SignalBatchSize { get; init; } = 6_000;

    /// <summary>The automatic pipeline forecasts a series with less history than this since its catalog launch date, and
    /// an item launching within the horizon, from analogues (<c>ColdStart(analogues=N)</c>, docs/anticipation.md); 0 turns it off.</summary>
    /// <value>28 days.</value>
    public int ColdStartDays { get; init; } = 28;

    /// <summary>How the run makes its forecasts of every level add up once its SKU x region forecasts are written
    /// (docs/reconciliation.md); null stores no level forecasts.</summary>
    /// <value>BottomUp: on two generated platforms MinT made the SKU x region forecasts worse on one of them (docs/reconciliation.md).</value>
    public ReconciliationMethod? Reconciliation { get; init; } = ReconciliationMethod.BottomUp;

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

        if (ColdStartDays < 0)
        {
            throw new ArgumentException($"Training:ColdStartDays must be 0 (off) or more (was {ColdStartDays}).");
        }

        if (SignalBatchSize < 1)
        {
            throw new ArgumentException($"Training:SignalBatchSize must be at least 1 (was {SignalBatchSize}).");
        }
    }
}
