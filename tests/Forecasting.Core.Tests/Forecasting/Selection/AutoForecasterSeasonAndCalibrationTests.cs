using Forecasting.Core.Domain;
using Forecasting.Core.Forecasting;
using Forecasting.Core.Forecasting.Calibration;
using Forecasting.Core.Forecasting.Selection;
using Forecasting.Core.Synthetic;

namespace Forecasting.Core.Tests.Forecasting.Selection;

public class AutoForecasterSeasonAndCalibrationTests
{
    private static DemandSeries Weekly(string sku, double[] values) => new(new SeriesKey(sku, "north"), Granularity.Week, new DateOnly(2025, 1, 6), values);

    [Fact]
    public void A_season_longer_than_half_the_history_is_validated_and_forecast_with_season_one_and_says_so()
    {
        var random = new Random(4);
        double[] year = [.. Enumerable.Range(0, 52).Select(t => 50 + (0.5 * t) + (5 * random.NextDouble()))];
        var auto = new AutoForecaster(new AutoOptions { Calibration = null }, 1);

        var long52 = auto.Forecast([Weekly("A", year)], new ForecastRequest { Horizon = 13, SeasonLength = 52 }).Single();
        var season1 = auto.Forecast([Weekly("A", year)], new ForecastRequest { Horizon = 13, SeasonLength = 1 }).Single();

        Assert.NotNull(long52.Choice);
        Assert.True(double.IsFinite(long52.Choice.Score)); // validated, not the fallback
        Assert.True(long52.Choice.Notes.HasFlag(ChoiceNotes.SeasonTooLongForHistory));
        Assert.NotEqual("Naive", long52.Model);
        Assert.Equal(season1.Model, long52.Model);
        Assert.Equal(season1.Mean.ToArray(), long52.Mean.ToArray());
        Assert.False(season1.Choice!.Notes.HasFlag(ChoiceNotes.SeasonTooLongForHistory));
    }

    [Fact]
    public void A_season_the_history_can_validate_is_kept()
    {
        double[] years = [.. Enumerable.Range(0, 130).Select(t => 50 + (20 * Math.Sin(2 * Math.PI * t / 52)))];

        var forecast = new AutoForecaster(null, 1).Forecast([Weekly("A", years)], new ForecastRequest { Horizon = 13, SeasonLength = 52 }).Single();

        Assert.False(forecast.Choice!.Notes.HasFlag(ChoiceNotes.SeasonTooLongForHistory));
    }

    [Fact]
    public void A_series_too_short_to_validate_whose_fallback_forecasts_zero_after_a_sale_records_why()
    {
        var series = new DemandSeries(new SeriesKey("A", "north"), Granularity.Day, new DateOnly(2025, 1, 6), [1, 0, 0]);

        var forecast = new AutoForecaster(null, 1).Forecast([series], new ForecastRequest { Horizon = 7 }).Single();

        Assert.All(forecast.Mean.ToArray(), m => Assert.Equal(0, m));
        Assert.True(forecast.Choice!.Notes.HasFlag(ChoiceNotes.ZeroFromFallback));
    }

    [Theory]
    [InlineData(31UL)]
    [InlineData(77UL)]
    public void No_forecast_of_a_generated_platform_is_all_zero_after_recent_sales_without_a_reason(ulong seed)
    {
        var batch = PlatformSeries(seed, out _);

        var forecasts = new AutoForecaster().Forecast(batch, new ForecastRequest { Horizon = 28 });

        for (int i = 0; i < batch.Count; i++)
        {
            if (ZeroForecasts.IsUnexplained(forecasts[i], batch[i], 7))
            {
                Assert.True((forecasts[i].Choice!.Notes & (ChoiceNotes.ZeroChosenByValidation | ChoiceNotes.ZeroFromFallback)) != 0, forecasts[i].Key.ToString());
            }
        }
    }

    [Theory]
    [InlineData(31UL)]
    [InlineData(77UL)]
    public void On_a_generated_platform_calibration_brings_the_band_closer_to_eighty_percent_in_each_volume_class(ulong seed)
    {
        var full = PlatformSeries(seed, out int days);
        var history = full.Select(s => s.Slice(0, s.Length - 28)).ToList();
        var request = new ForecastRequest { Horizon = 28 };

        var calibrated = new AutoForecaster().Forecast(history, request);
        var raw = new AutoForecaster(new AutoOptions { Calibration = null }).Forecast(history, request);

        // On 480 series of 400 days the A class stays under the band (0.71-0.73, raw 0.66-0.69): the assertion is
        // the improvement; the 0.77-0.83 band is measured on 730-day platforms in docs/calibration.md.
        var classes = VolumeClasses.Assign(history);
        var everything = Enumerable.Range(0, history.Count).ToList();
        Assert.InRange(Coverage(everything.Select(i => (calibrated[i], full[i].Values[^28..].ToArray()))), 0.74, 0.86);
        foreach (var volume in Enum.GetValues<VolumeClass>())
        {
            var members = everything.Where(i => classes[i] == volume).ToList();
            double after = Coverage(members.Select(i => (calibrated[i], full[i].Values[^28..].ToArray())));
            double before = Coverage(members.Select(i => (raw[i], full[i].Values[^28..].ToArray())));
            Assert.True(Math.Abs(after - 0.8) < Math.Abs(before - 0.8), $"{volume}: calibrated {after:F3}, raw {before:F3}");
        }

        Assert.All(calibrated, f => Assert.True(f.Choice!.Notes.HasFlag(ChoiceNotes.QuantilesCalibrated)));
        Assert.Equal(raw.Select(f => f.Mean.ToArray()), calibrated.Select(f => f.Mean.ToArray())); // means untouched
        Assert.True(days > 300);
    }

    private static double Coverage(IEnumerable<(SeriesForecast Forecast, double[] Actual)> pairs)
    {
        long inside = 0, points = 0;
        foreach (var (f, y) in pairs)
        {
            for (int t = 0; t < y.Length; t++)
            {
                points++;
                inside += y[t] >= f.Quantile(0.1)[t] && y[t] <= f.Quantile(0.9)[t] ? 1 : 0;
            }
        }

        return inside / (double)points;
    }

    private static List<DemandSeries> PlatformSeries(ulong seed, out int days)
    {
        var platform = SyntheticPlatform.Create(new GeneratorOptions { Skus = 120, Regions = 4, Days = 400, Seed = seed });
        days = platform.Options.Days;
        var start = platform.Options.Start;
        var units = new Dictionary<SeriesKey, double[]>();
        var first = new Dictionary<SeriesKey, int>();
        foreach (var row in platform.Demand())
        {
            var key = new SeriesKey(row.Sku, row.Region);
            int day = row.Date.DayNumber - start.DayNumber;
            if (!units.TryGetValue(key, out var values))
            {
                units[key] = values = new double[days];
                first[key] = day;
            }

            values[day] = row.Units;
        }

        return [.. units.OrderBy(p => p.Key.Sku, StringComparer.Ordinal).ThenBy(p => p.Key.Region, StringComparer.Ordinal)
            .Select(p => new DemandSeries(p.Key, Granularity.Day, start.AddDays(first[p.Key]), p.Value[first[p.Key]..]))];
    }
}
