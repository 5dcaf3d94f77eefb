using Forecasting.Core.Forecasting.Selection;

namespace Forecasting.Core.Forecasting.Calibration;

/// <summary>ABC class of a series by volume within the batch forecast together.</summary>
public enum VolumeClass
{
    /// <summary>The largest series making the first 80 % of the volume.</summary>
    A,

    /// <summary>The next 15 %.</summary>
    B,

    /// <summary>The last 5 %.</summary>
    C,
}

/// <summary>Which part of the horizon a step falls in: the first quarter, the second quarter, the second half
/// (days 1-7, 8-14 and 15-28 of a 28-day horizon).</summary>
public enum HorizonBucket
{
    Near,
    Middle,
    Far,
}

/// <summary>The group of (series, step) whose errors calibrate each other's quantiles.</summary>
public readonly record struct CalibrationSegment(VolumeClass Volume, DemandClass Demand, HorizonBucket Horizon)
{
    /// <summary>The bucket of 0-based <paramref name="step"/> in a horizon of <paramref name="horizon"/> steps.</summary>
    public static HorizonBucket BucketOf(int step, int horizon)
    {
        int near = (horizon + 3) / 4, middle = (horizon + 1) / 2;
        return step < near ? HorizonBucket.Near : step < middle ? HorizonBucket.Middle : HorizonBucket.Far;
    }
}

/// <summary>
/// What the calibrator learns from for one series: its forecast (whose quantile spread sets the scale) and the
/// cross-validation errors of the same model, <paramref name="OriginActuals"/> and <paramref name="OriginMeans"/>
/// cut-major with the forecast's horizon per origin (NaN actual = missing, skipped).
/// </summary>
public sealed record CalibrationSample(SeriesForecast Forecast, VolumeClass Volume, DemandClass Demand, double[] OriginActuals, double[] OriginMeans);
