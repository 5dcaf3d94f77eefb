using Forecasting.Core.Accuracy;

namespace Forecasting.Pipeline.Scoring;

/// <summary>Scoring, drift alerts and forecast retention (configuration <c>Forecasting:Accuracy</c>).</summary>
public sealed record AccuracyOptions
{
    public DriftOptions Drift { get; init; } = new();

    /// <summary>Every snapshot (forecast run) is kept whole this many days after its cut-off...</summary>
    /// <value>35.</value>
    public int KeepDailyDays { get; init; } = 35;

    /// <summary>...then only the last of each week until this age; older snapshots keep their stored accuracy but
    /// lose their raw forecasts. Ages count back from the newest snapshot's cut-off.</summary>
    /// <value>364.</value>
    public int KeepWeeklyDays { get; init; } = 364;

    /// <summary>ABC classes by revenue share over the 8 weeks before each cut-off: A up to this share, B up to the next.</summary>
    public double ClassAShare { get; init; } = 0.8;

    public double ClassBShare { get; init; } = 0.95;

    public void Validate()
    {
        Drift.Validate();
        if (KeepDailyDays < 1 || KeepWeeklyDays < KeepDailyDays)
        {
            throw new ArgumentException($"Forecasting:Accuracy: KeepDailyDays must be at least 1 and KeepWeeklyDays at least KeepDailyDays (got {KeepDailyDays}, {KeepWeeklyDays}).");
        }

        if (!(ClassAShare > 0 && ClassAShare < ClassBShare && ClassBShare <= 1))
        {
            throw new ArgumentException($"Forecasting:Accuracy: need 0 < ClassAShare < ClassBShare <= 1 (got {ClassAShare}, {ClassBShare}).");
        }
    }
}
