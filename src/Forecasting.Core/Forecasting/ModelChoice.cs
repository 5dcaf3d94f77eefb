namespace Forecasting.Core.Forecasting;

/// <summary>
/// The explanation kept with an automatically selected forecast: the series' demand class, the model
/// chosen with its cross-validation score (mean absolute error over the rolling origins), and the
/// runner-up with its score (null when there was no contest, e.g. a fallback).
/// </summary>
public sealed record ModelChoice(string DemandClass, string Chosen, double Score, string? RunnerUp, double RunnerUpScore);
