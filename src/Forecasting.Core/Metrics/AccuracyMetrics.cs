namespace Forecasting.Core.Metrics;

/// <summary>
/// Forecast error metrics exactly as defined in design.md ("Definitions"). Inputs are spans of equal
/// length (actuals first); a length mismatch throws <see cref="ArgumentException"/>. A metric whose
/// denominator is zero (all-zero actuals for WAPE and bias, a constant in-sample series for MASE/RMSSE,
/// no rows at all) returns <see cref="double.NaN"/>: "undefined" must not read as "perfect". NaN inputs
/// propagate.
/// </summary>
public static class AccuracyMetrics
{
    /// <summary>WAPE = sum |y - f| / sum |y|.</summary>
    public static double Wape(ReadOnlySpan<double> actual, ReadOnlySpan<double> forecast)
    {
        CheckLengths(actual, forecast);
        double error = 0, volume = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            error += Math.Abs(actual[i] - forecast[i]);
            volume += Math.Abs(actual[i]);
        }

        return volume == 0 ? double.NaN : error / volume;
    }

    /// <summary>MAE = mean |y - f|.</summary>
    public static double Mae(ReadOnlySpan<double> actual, ReadOnlySpan<double> forecast)
    {
        CheckLengths(actual, forecast);
        double sum = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            sum += Math.Abs(actual[i] - forecast[i]);
        }

        return actual.Length == 0 ? double.NaN : sum / actual.Length;
    }

    /// <summary>RMSE = sqrt(mean (y - f)^2).</summary>
    public static double Rmse(ReadOnlySpan<double> actual, ReadOnlySpan<double> forecast)
    {
        CheckLengths(actual, forecast);
        double sum = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            double e = actual[i] - forecast[i];
            sum += e * e;
        }

        return actual.Length == 0 ? double.NaN : Math.Sqrt(sum / actual.Length);
    }

    /// <summary>
    /// MASE = MAE of the forecast / in-sample MAE of the seasonal naive forecast with period
    /// <paramref name="m"/> (mean of |x_t - x_{t-m}| over the training series).
    /// </summary>
    public static double Mase(ReadOnlySpan<double> actual, ReadOnlySpan<double> forecast, ReadOnlySpan<double> insample, int m) =>
        Mae(actual, forecast) / SeasonalNaiveScale(insample, m, squared: false);

    /// <summary>RMSSE = sqrt(mean squared error / in-sample mean squared seasonal-naive difference).</summary>
    public static double Rmsse(ReadOnlySpan<double> actual, ReadOnlySpan<double> forecast, ReadOnlySpan<double> insample, int m)
    {
        double rmse = Rmse(actual, forecast);
        return Math.Sqrt(rmse * rmse / SeasonalNaiveScale(insample, m, squared: true));
    }

    /// <summary>
    /// Mean of |x_t - x_{t-m}| (or its square) over t = m..n-1: the scale of MASE (RMSSE). NaN when the
    /// series has no more than <paramref name="m"/> points or the scale is 0.
    /// </summary>
    public static double SeasonalNaiveScale(ReadOnlySpan<double> insample, int m, bool squared)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(m, 1);
        if (insample.Length <= m)
        {
            return double.NaN;
        }

        double sum = 0;
        for (int t = m; t < insample.Length; t++)
        {
            double d = insample[t] - insample[t - m];
            sum += squared ? d * d : Math.Abs(d);
        }

        double scale = sum / (insample.Length - m);
        return scale == 0 ? double.NaN : scale;
    }

    /// <summary>sMAPE = mean of 200 |y - f| / (|y| + |f|), a term being 0 when y and f are both 0.</summary>
    public static double Smape(ReadOnlySpan<double> actual, ReadOnlySpan<double> forecast)
    {
        CheckLengths(actual, forecast);
        double sum = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            double denominator = Math.Abs(actual[i]) + Math.Abs(forecast[i]);
            sum += denominator == 0 ? 0 : 200 * Math.Abs(actual[i] - forecast[i]) / denominator;
        }

        return actual.Length == 0 ? double.NaN : sum / actual.Length;
    }

    /// <summary>Bias = sum (f - y) / sum y: positive means over-forecasting.</summary>
    public static double Bias(ReadOnlySpan<double> actual, ReadOnlySpan<double> forecast)
    {
        CheckLengths(actual, forecast);
        double error = 0, volume = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            error += forecast[i] - actual[i];
            volume += actual[i];
        }

        return volume == 0 ? double.NaN : error / volume;
    }

    /// <summary>Share of actuals inside [lower, upper], bounds included (target 0.80 for p10..p90).</summary>
    public static double Coverage(ReadOnlySpan<double> actual, ReadOnlySpan<double> lower, ReadOnlySpan<double> upper)
    {
        CheckLengths(actual, lower);
        CheckLengths(actual, upper);
        int inside = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            if (actual[i] >= lower[i] && actual[i] <= upper[i])
            {
                inside++;
            }
        }

        return actual.Length == 0 ? double.NaN : (double)inside / actual.Length;
    }

    /// <summary>Pinball loss of quantile <paramref name="q"/>: mean of max(q (y - f), (q - 1)(y - f)).</summary>
    public static double Pinball(ReadOnlySpan<double> actual, ReadOnlySpan<double> quantileForecast, double q)
    {
        CheckLengths(actual, quantileForecast);
        if (!(q > 0 && q < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(q), q, "A quantile level lies in (0, 1).");
        }

        double sum = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            sum += PinballTerm(actual[i], quantileForecast[i], q);
        }

        return actual.Length == 0 ? double.NaN : sum / actual.Length;
    }

    /// <summary>One pinball term: max(q (y - f), (q - 1)(y - f)).</summary>
    public static double PinballTerm(double actual, double quantileForecast, double q)
    {
        double e = actual - quantileForecast;
        return Math.Max(q * e, (q - 1) * e);
    }

    /// <summary>OWA (M4) = (sMAPE / sMAPE_Naive2 + MASE / MASE_Naive2) / 2.</summary>
    public static double Owa(double smape, double mase, double smapeNaive2, double maseNaive2) =>
        ((smape / smapeNaive2) + (mase / maseNaive2)) / 2;

    private static void CheckLengths(ReadOnlySpan<double> actual, ReadOnlySpan<double> other)
    {
        if (actual.Length != other.Length)
        {
            throw new ArgumentException($"Actuals have {actual.Length} values but the forecast has {other.Length}.");
        }
    }
}
