namespace Forecasting.Core.Ssa;

/// <summary>
/// Settings of the product's SSA forecaster (<see cref="SsaForecaster"/>). Every setting has an effect.
/// </summary>
public sealed record SsaOptions
{
    /// <summary>Fixed window L; null chooses L among the candidates by back-test.</summary>
    public int? Window { get; init; }

    /// <summary>Largest window tried automatically (cost grows as L^3).</summary>
    /// <value>57.</value>
    public int MaxWindow { get; init; } = 57;

    /// <summary>Largest rank tried (capped at L - 1).</summary>
    /// <value>12.</value>
    public int MaxRank { get; init; } = 12;

    /// <summary>Back-test forecast origins used to choose (L, r) and to calibrate the intervals.</summary>
    /// <value>6.</value>
    public int BacktestWindows { get; init; } = 6;

    /// <summary>Periods between back-test origins.</summary>
    /// <value>7.</value>
    public int BacktestStep { get; init; } = 7;

    /// <summary>Only the last this many periods are used (older history rarely helps and costs time).</summary>
    /// <value>1,095 (three years of days).</value>
    public int MaxHistory { get; init; } = 1_095;

    /// <summary>Pull characteristic roots outside the unit circle onto it, so nothing explodes.</summary>
    public bool ClampRoots { get; init; } = true;

    /// <summary>Roots are clamped only when the recurrence's own growth over the horizon (spectral radius to
    /// the power h) exceeds 1 + this; smaller growth is kept as trend (and saves the root finding).</summary>
    /// <value>0.05: on the M4 weekly validation windows SSA's OWA was 0.955 at 0.0026, 0.930 at 0.02, 0.920 at
    /// 0.05, 0.925 at 0.1 and 0.928 without clamping.</value>
    public double ClampGrowth { get; init; } = 0.05;

    public void Validate()
    {
        if (Window is { } w && w < 2)
        {
            throw new ArgumentException($"Ssa:Window must be at least 2 (was {w}).");
        }

        if (!(ClampGrowth >= 0))
        {
            throw new ArgumentException($"Ssa:ClampGrowth must be a non-negative number (was {ClampGrowth}).");
        }

        if (MaxWindow < 3 || MaxRank < 1 || BacktestWindows < 1 || BacktestStep < 1 || MaxHistory < 10)
        {
            throw new ArgumentException($"Ssa options out of range: MaxWindow {MaxWindow} (>= 3), MaxRank {MaxRank} (>= 1), BacktestWindows {BacktestWindows} (>= 1), BacktestStep {BacktestStep} (>= 1), MaxHistory {MaxHistory} (>= 10).");
        }
    }
}
