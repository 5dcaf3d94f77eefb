using Forecasting.Core.Domain;
using Forecasting.Core.Forecasting;
using Forecasting.Core.Forecasting.Calibration;
using Forecasting.Core.Forecasting.Selection;

namespace Forecasting.Core.Tests.Forecasting.Calibration;

public class SegmentConformalCalibratorTests
{
    private const double Z90 = 1.2815515655446004;
    private const int Horizon = 8, Origins = 3;
    private static readonly ForecastRequest Request = new() { Horizon = Horizon, NonNegative = false };

    /// <summary>A forecast of <paramref name="level"/> with a p10-p90 band of +-<paramref name="halfWidth"/>.</summary>
    private static SeriesForecast Flat(int i, double level, double halfWidth)
    {
        var mean = Enumerable.Repeat(level, Horizon).ToArray();
        double[] quantiles = [.. Enumerable.Repeat(level - halfWidth, Horizon), .. mean, .. Enumerable.Repeat(level + halfWidth, Horizon)];
        return new SeriesForecast(new SeriesKey($"S{i}", "north"), "Model", Granularity.Day, new DateOnly(2025, 1, 6), mean, ForecastRequest.DefaultQuantileLevels, quantiles);
    }

    private static double Normal(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>Series whose errors are normal with <paramref name="sd"/> while the model claims sd 1.</summary>
    private static List<CalibrationSample> Samples(Random random, int count, VolumeClass volume, double sd)
    {
        var samples = new List<CalibrationSample>();
        for (int i = 0; i < count; i++)
        {
            var means = Enumerable.Repeat(100.0, Origins * Horizon).ToArray();
            var actuals = means.Select(m => m + (sd * Normal(random))).ToArray();
            samples.Add(new CalibrationSample(Flat(i, 100, Z90), volume, DemandClass.Smooth, actuals, means));
        }

        return samples;
    }

    private static double FreshCoverage(SeriesForecast calibrated, Random random, double sd, int draws)
    {
        int inside = 0;
        for (int k = 0; k < draws; k++)
        {
            int t = k % Horizon;
            double y = 100 + (sd * Normal(random));
            inside += y >= calibrated.Quantile(0.1)[t] && y <= calibrated.Quantile(0.9)[t] ? 1 : 0;
        }

        return inside / (double)draws;
    }

    [Theory]
    [InlineData(3)]
    [InlineData(17)]
    public void A_model_three_times_too_confident_is_widened_to_cover_eighty_percent_of_fresh_errors(int seed)
    {
        var random = new Random(seed);
        var calibrator = SegmentConformalCalibrator.Fit(Samples(random, 400, VolumeClass.A, 3), Request);

        var calibrated = calibrator.Apply(Flat(0, 100, Z90), VolumeClass.A, DemandClass.Smooth, 0);

        Assert.InRange(FreshCoverage(Flat(0, 100, Z90), random, 3, 20_000), 0.25, 0.36); // uncalibrated: P(|N(0,9)| < 1.28)
        Assert.InRange(FreshCoverage(calibrated, random, 3, 20_000), 0.77, 0.83);
        Assert.Equal(100, calibrated.Mean[0]);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(29)]
    public void Where_the_final_forecast_is_below_its_validation_means_the_bounds_clamped_at_zero_are_judged_at_the_forecast(int seed)
    {
        // Poisson daily units whose level halved since the validation origins (the model forecast them at the old
        // level there): at the old means a lower bound above 0 misses the zeros, at the new ones it is clamped at 0.
        double Coverage(bool clampAtForecast)
        {
            var random = new Random(seed);
            var request = new ForecastRequest { Horizon = Horizon };
            var rates = Enumerable.Range(0, 400).Select(_ => 0.2 + (3 * random.NextDouble())).ToArray();
            SeriesForecast Forecast(int i) => Flat(i, rates[i] / 2, Z90 * Math.Sqrt(rates[i] / 2));
            var samples = rates.Select((rate, i) => new CalibrationSample(Forecast(i), VolumeClass.C, DemandClass.Intermittent,
                [.. Enumerable.Range(0, Origins * Horizon).Select(_ => Poisson(random, rate))], [.. Enumerable.Repeat(rate, Origins * Horizon)])).ToList();
            var calibrator = SegmentConformalCalibrator.Fit(samples, request, new CalibrationOptions { ClampAtForecast = clampAtForecast });
            int inside = 0, draws = 0;
            for (int i = 0; i < rates.Length; i++)
            {
                var calibrated = calibrator.Apply(Forecast(i), VolumeClass.C, DemandClass.Intermittent, 0);
                for (int k = 0; k < 100; k++)
                {
                    double y = Poisson(random, rates[i] / 2);
                    inside += y >= calibrated.Quantile(0.1)[k % Horizon] && y <= calibrated.Quantile(0.9)[k % Horizon] ? 1 : 0;
                    draws++;
                }
            }

            return inside / (double)draws;
        }

        // Measured: 0.85 judged at the forecast, 0.94 at the origins (the spread of the new level is still the
        // validation's, so neither is at 0.80; the assertion is that the forecast's clamping is the nearer).
        double atForecast = Coverage(true), atOrigins = Coverage(false);
        Assert.True(Math.Abs(atForecast - 0.8) < Math.Abs(atOrigins - 0.8) - 0.05, $"judged at the forecast {atForecast:F3}, at the origins {atOrigins:F3}");
    }

    private static double Poisson(Random random, double mean)
    {
        double limit = Math.Exp(-mean), product = random.NextDouble();
        int k = 0;
        while (product > limit)
        {
            product *= random.NextDouble();
            k++;
        }

        return k;
    }

    [Fact]
    public void A_28_day_horizon_splits_into_its_first_week_its_second_week_and_the_rest()
    {
        var buckets = Enumerable.Range(0, 28).Select(t => CalibrationSegment.BucketOf(t, 28)).ToArray();

        Assert.All(buckets[..7], b => Assert.Equal(HorizonBucket.Near, b));
        Assert.All(buckets[7..14], b => Assert.Equal(HorizonBucket.Middle, b));
        Assert.All(buckets[14..], b => Assert.Equal(HorizonBucket.Far, b));
        Assert.Equal(HorizonBucket.Near, CalibrationSegment.BucketOf(0, 1));
    }
}
