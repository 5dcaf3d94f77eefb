namespace Forecasting.Core.Ssa;

/// <summary>How the rank of the SSA model is chosen (ssa-spec.md section 2.5).</summary>
public enum SsaRankSelection
{
    /// <summary>Every rank 1..maxRank, full reconstruction, in-sample recurrent simulation (ML.NET's default).</summary>
    Exact,

    /// <summary>As Exact, projecting one lag vector instead of reconstructing the series.</summary>
    Fast,

    /// <summary>The given rank, no search.</summary>
    Fixed,
}

/// <summary>
/// Settings of the ML.NET-compatible SSA (<c>ForecastBySsa</c>). Only parameters with an effect in ML.NET
/// exist here: isAdaptive and discountFactor (no-ops there) are left out, seriesLength is not needed (only
/// the last L - 1 observations are ever read), and <see cref="MaxRank"/> is honoured (ML.NET's public API
/// drops it and always searches up to L - 1, which is also our default).
/// </summary>
public sealed record MlNetSsaOptions
{
    /// <summary>Window L (embedding dimension), at least 2.</summary>
    public required int WindowSize { get; init; }

    /// <summary>Training uses the first TrainSize non-NaN values; more than 2L are needed to train.</summary>
    public required int TrainSize { get; init; }

    public SsaRankSelection RankSelection { get; init; } = SsaRankSelection.Exact;

    /// <summary>Rank for <see cref="SsaRankSelection.Fixed"/> (default: <see cref="MaxRank"/>).</summary>
    public int? Rank { get; init; }

    /// <summary>Upper bound of the rank search (default L - 1).</summary>
    public int? MaxRank { get; init; }

    public bool Stabilize { get; init; } = true;

    /// <summary>Growth bound as (time span, growth): per-step factor growth^(1/span). Null: unbounded.</summary>
    public (int TimeSpan, double Growth)? MaxGrowth { get; init; }

    /// <summary>Compute the noise moments behind the confidence intervals.</summary>
    public bool ComputeIntervals { get; init; } = true;

    public void Validate()
    {
        if (WindowSize < 2)
        {
            throw new ArgumentException($"WindowSize must be at least 2 (was {WindowSize}).");
        }

        if (TrainSize <= 2 * WindowSize)
        {
            throw new ArgumentException($"TrainSize must exceed 2 x WindowSize = {2 * WindowSize} (was {TrainSize}).");
        }

        if (MaxRank is { } max && (max < 1 || max >= WindowSize))
        {
            throw new ArgumentException($"MaxRank must be in [1, {WindowSize - 1}] (was {max}).");
        }

        if (RankSelection == SsaRankSelection.Fixed && Rank is { } rank && (rank < 1 || rank >= WindowSize))
        {
            throw new ArgumentException($"Rank must be in [1, {WindowSize - 1}] (was {rank}).");
        }

        if (MaxGrowth is { } growth && (growth.TimeSpan <= 0 || growth.Growth < 0))
        {
            throw new ArgumentException("MaxGrowth needs TimeSpan > 0 and Growth >= 0.");
        }
    }
}
