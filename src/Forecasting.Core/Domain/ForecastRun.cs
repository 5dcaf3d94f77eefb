namespace Forecasting.Core.Domain;

/// <summary>Why a forecast run was made.</summary>
public enum ForecastRunKind
{
    /// <summary>Forecasts issued for the future, used by the planner.</summary>
    Production,

    /// <summary>Forecasts made from a past cut-off to score models against known actuals.</summary>
    Backtest,
}

/// <summary>Where a forecast run stands. Only <see cref="Running"/> changes; the others are final.</summary>
public enum ForecastRunStatus
{
    /// <summary>Being written; its worker renews its lease while it runs.</summary>
    Running,

    /// <summary>Every series written: an immutable snapshot the planner and the scoring use.</summary>
    Completed,

    /// <summary>Stopped by an error, or its lease ran out (its node died or lost the database for too long).</summary>
    Failed,

    /// <summary>Stopped on request (Ctrl+C, SIGTERM).</summary>
    Cancelled,

    /// <summary>Created by a train job whose node died before it submitted the run's shards.</summary>
    Abandoned,
}

/// <summary>One training run: every series forecast from the same cut-off with the same settings.</summary>
/// <param name="Cutoff">Last day of history the models saw; step 1 forecasts <c>Cutoff + 1</c>.</param>
/// <param name="Models">Model names run, comma-separated.</param>
/// <param name="Parameters">The settings the run was made with, as JSON (model, horizon, season length, quantile
/// levels...), so a snapshot can be reproduced and compared; null for runs stored without them.</param>
public sealed record ForecastRun(
    long Id,
    ForecastRunKind Kind,
    DateTimeOffset IssuedAt,
    DateOnly Cutoff,
    int Horizon,
    string Models,
    ForecastRunStatus Status,
    int SeriesCount,
    string? Parameters = null);

/// <summary>Choosing among stored forecast runs.</summary>
public static class ForecastRuns
{
    /// <summary>The run the service acts on: the newest completed production run, or null when there is none.</summary>
    public static ForecastRun? LatestCompletedProduction(this IEnumerable<ForecastRun> runs) =>
        runs.Where(r => r.Kind == ForecastRunKind.Production && r.Status == ForecastRunStatus.Completed).MaxBy(r => r.Id);
}
