namespace Forecasting.Core.Domain;

/// <summary>Why a forecast run was made.</summary>
public enum ForecastRunKind
{
    /// <summary>Forecasts issued for the future, used by the planner.</summary>
    Production,

    /// <summary>Forecasts made from a past cut-off to score models against known actuals.</summary>
    Backtest,
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
    string Status,
    int SeriesCount,
    string? Parameters = null);
