using Forecasting.Core.Metrics;

namespace Forecasting.Core.Accuracy;

/// <summary>
/// Additive sums of forecast errors over a set of (series, day) rows, from which every metric of design.md
/// follows; sums of disjoint sets add up, so stored aggregates can be rolled up to any segment without rereading
/// raw forecasts. WAPE = |e| / |y|, bias = e / y with e = forecast - actual, coverage = share of actuals inside
/// [p10, p90], pinball = mean loss over the p10, p50 and p90 quantiles, MASE = mean over rows of |e| / scale where
/// scale is the series' in-sample seasonal-naive MAE (rows of series without a defined scale are left out of it).
/// The naive benchmark's absolute error gives the forecast value added: naive WAPE - WAPE.
/// </summary>
public record struct AccuracySums
{
    public long Rows;
    public double AbsError;
    public double AbsActual;
    public double Error;
    public double Actual;
    public long Covered;
    public double ScaledAbsError;
    public long ScaledRows;
    public double Pinball10;
    public double Pinball50;
    public double Pinball90;
    public double NaiveAbsError;

    /// <param name="scale">In-sample seasonal-naive MAE of the series; not positive or not finite: no MASE term.</param>
    /// <param name="naive">The naive benchmark's forecast of the same day.</param>
    public void Add(double actual, double mean, double p10, double p50, double p90, double naive, double scale)
    {
        double error = mean - actual;
        Rows++;
        AbsError += Math.Abs(error);
        AbsActual += Math.Abs(actual);
        Error += error;
        Actual += actual;
        if (actual >= p10 && actual <= p90)
        {
            Covered++;
        }

        if (scale > 0 && double.IsFinite(scale))
        {
            ScaledAbsError += Math.Abs(error) / scale;
            ScaledRows++;
        }

        Pinball10 += AccuracyMetrics.PinballTerm(actual, p10, 0.1);
        Pinball50 += AccuracyMetrics.PinballTerm(actual, p50, 0.5);
        Pinball90 += AccuracyMetrics.PinballTerm(actual, p90, 0.9);
        NaiveAbsError += Math.Abs(naive - actual);
    }

    public void Add(in AccuracySums other)
    {
        Rows += other.Rows;
        AbsError += other.AbsError;
        AbsActual += other.AbsActual;
        Error += other.Error;
        Actual += other.Actual;
        Covered += other.Covered;
        ScaledAbsError += other.ScaledAbsError;
        ScaledRows += other.ScaledRows;
        Pinball10 += other.Pinball10;
        Pinball50 += other.Pinball50;
        Pinball90 += other.Pinball90;
        NaiveAbsError += other.NaiveAbsError;
    }

    public readonly double Wape => AbsActual > 0 ? AbsError / AbsActual : double.NaN;

    public readonly double Bias => Actual != 0 ? Error / Actual : double.NaN;

    public readonly double Coverage => Rows > 0 ? (double)Covered / Rows : double.NaN;

    public readonly double Mase => ScaledRows > 0 ? ScaledAbsError / ScaledRows : double.NaN;

    public readonly double Pinball => Rows > 0 ? (Pinball10 + Pinball50 + Pinball90) / (3.0 * Rows) : double.NaN;

    public readonly double NaiveWape => AbsActual > 0 ? NaiveAbsError / AbsActual : double.NaN;

    /// <summary>Forecast value added over the naive benchmark, in WAPE points (positive: the forecast is better).</summary>
    public readonly double ValueAdded => NaiveWape - Wape;
}
