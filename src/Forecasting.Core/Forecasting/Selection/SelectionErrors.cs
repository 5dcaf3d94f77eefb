using Forecasting.Core.Forecasting.Calibration;

namespace Forecasting.Core.Forecasting.Selection;

/// <summary>
/// Cross-validation errors of the selection itself, for calibrating the chosen forecast's quantiles: the
/// chosen model's own errors at the origins it was chosen on are too small (it won because they were small,
/// the winner's curse: on M4 weekly they left p10-p90 covering 0.75 of the held-out weeks). At each origin
/// this takes the forecast of the candidate that the <em>other</em> origins would have chosen, an honest
/// out-of-sample error of "pick the best by cross-validation". With one origin it is the chosen candidate's.
/// </summary>
public static class SelectionErrors
{
    /// <summary>The point forecasts at the origins that <paramref name="residuals"/> asks for: the chosen
    /// candidate's, <see cref="HeldOutMeans"/>, or both one after the other (origins x horizon each).</summary>
    public static double[] Means(ReadOnlySpan<double> originMeans, ReadOnlySpan<double> originErrors, int candidates, int origins, int horizon, int chosen, CalibrationResiduals residuals)
    {
        int block = origins * horizon;
        var own = originMeans.Slice(chosen * block, block);
        switch (residuals)
        {
            case CalibrationResiduals.Chosen:
                return own.ToArray();
            case CalibrationResiduals.HeldOutSelection:
                return HeldOutMeans(originMeans, originErrors, candidates, origins, horizon, chosen);
            default:
                var both = new double[2 * block];
                own.CopyTo(both);
                HeldOutMeans(originMeans, originErrors, candidates, origins, horizon, chosen).CopyTo(both.AsSpan(block));
                return both;
        }
    }

    /// <param name="originMeans">Candidate-major blocks of origins x horizon point forecasts.</param>
    /// <param name="originErrors">Absolute error sum per candidate and origin (candidate-major).</param>
    /// <param name="chosen">The candidate chosen on all origins (used when there is one origin).</param>
    /// <returns>Origins x horizon point forecasts, origin j from the candidate best on the origins other than j.</returns>
    public static double[] HeldOutMeans(ReadOnlySpan<double> originMeans, ReadOnlySpan<double> originErrors, int candidates, int origins, int horizon, int chosen)
    {
        var result = new double[origins * horizon];
        for (int j = 0; j < origins; j++)
        {
            int pick = chosen;
            if (origins > 1)
            {
                double bestError = double.MaxValue;
                for (int c = 0; c < candidates; c++)
                {
                    double others = 0;
                    for (int k = 0; k < origins; k++)
                    {
                        others += k == j ? 0 : originErrors[(c * origins) + k];
                    }

                    if (double.IsFinite(others) && others < bestError)
                    {
                        bestError = others;
                        pick = c;
                    }
                }
            }

            originMeans.Slice((pick * origins * horizon) + (j * horizon), horizon).CopyTo(result.AsSpan(j * horizon, horizon));
        }

        return result;
    }
}
