namespace Forecasting.Core.Forecasting;

/// <summary>
/// The explanation kept with an automatically selected forecast: the series' demand class, the model
/// chosen with its cross-validation score (mean absolute error over the rolling origins), and the
/// runner-up with its score (null when there was no contest, e.g. a fallback).
/// </summary>
public sealed record ModelChoice(string DemandClass, string Chosen, double Score, string? RunnerUp, double RunnerUpScore)
{
    /// <summary>What else the automatic pipeline did to this forecast, and why (see <see cref="ChoiceNotes"/>).</summary>
    public ChoiceNotes Notes { get; init; }
}

/// <summary>Adjustments and reasons recorded with a <see cref="ModelChoice"/>.</summary>
[Flags]
public enum ChoiceNotes
{
    None = 0,

    /// <summary>The season is too long for this history (no cross-validation origin with two seasons before
    /// it): the series was validated and forecast with season length 1.</summary>
    SeasonTooLongForHistory = 1,

    /// <summary>The quantiles were replaced by segment-calibrated ones (conformal, on cross-validation errors).</summary>
    QuantilesCalibrated = 2,

    /// <summary>A daily intermittent series spread with its parent's (e.g. region's) day-of-week profile.</summary>
    WeekdayProfileFromParent = 4,

    /// <summary>The forecast is all zero although the series sold in its last season: the zero forecast had
    /// the lowest cross-validation error of the candidates.</summary>
    ZeroChosenByValidation = 8,

    /// <summary>The forecast is all zero although the series sold in its last season: the series was too
    /// short to validate and the fallback model forecast zero.</summary>
    ZeroFromFallback = 16,
}
