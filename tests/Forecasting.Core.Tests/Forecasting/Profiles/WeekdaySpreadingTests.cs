using Forecasting.Core.Domain;
using Forecasting.Core.Forecasting;
using Forecasting.Core.Forecasting.Profiles;
using Forecasting.Core.Forecasting.Selection;

namespace Forecasting.Core.Tests.Forecasting.Profiles;

public class WeekdaySpreadingTests
{
    private static readonly DateOnly Monday = new(2025, 1, 6);

    /// <summary>A sparse daily series of a region that never trades on Sunday: 1-3 units on 15 % of the other days.</summary>
    private static DemandSeries Sparse(string sku, string region, int seed)
    {
        var random = new Random(seed);
        return new(new SeriesKey(sku, region), Granularity.Day, Monday,
            [.. Enumerable.Range(0, 364).Select(t => random.NextDouble() < 0.15 && Monday.AddDays(t).DayOfWeek != DayOfWeek.Sunday ? 1.0 + random.Next(3) : 0)]);
    }

    [Fact]
    public void An_intermittent_daily_series_of_a_region_closed_on_sundays_gets_no_forecast_on_sundays()
    {
        var batch = Enumerable.Range(0, 20).Select(i => Sparse($"S{i}", "closed-sundays", i)).ToList();

        var forecasts = new AutoForecaster(null, 1).Forecast(batch, new ForecastRequest { Horizon = 28 });

        Assert.True(forecasts.Count(f => f.Mean.ToArray().Sum() > 0) >= 15);
        foreach (var f in forecasts)
        {
            Assert.True(f.Choice!.Notes.HasFlag(ChoiceNotes.WeekdayProfileFromParent));
            for (int t = 0; t < f.Horizon; t++)
            {
                if (f.TargetDate(t).DayOfWeek == DayOfWeek.Sunday)
                {
                    Assert.Equal(0, f.Mean[t]);
                    Assert.Equal(0, f.Quantile(0.9)[t]);
                }
                else if (f.Mean.ToArray().Sum() > 0)
                {
                    Assert.True(f.Mean[t] > 0, $"{f.Key} {f.Model} step {t}");
                }
            }
        }
    }

    [Fact]
    public void Spreading_keeps_the_total_over_whole_weeks_and_follows_the_shares()
    {
        double[] shares = [0, 0.3, 0.1, 0.1, 0.1, 0.1, 0.3]; // Sunday first
        var flat = new SeriesForecast(new SeriesKey("A", "north"), "M", Granularity.Day, Monday, [.. Enumerable.Repeat(1.0, 14)], [0.1, 0.9],
            [.. Enumerable.Repeat(0.0, 14), .. Enumerable.Repeat(2.0, 14)]);

        var spread = WeekdaySpreading.Spread(flat, shares);

        Assert.Equal(14, spread.Mean.ToArray().Sum(), 9);
        Assert.Equal(7 * 0.3, spread.Mean[0], 9); // Monday
        Assert.Equal(0, spread.Mean[6]); // Sunday
        Assert.Equal(2 * 7 * 0.3, spread.Quantile(0.9)[0], 9);
    }

    [Fact]
    public void A_profile_that_is_not_seven_shares_summing_to_one_is_refused_naming_its_parent()
    {
        var error = Assert.Throws<ArgumentException>(() => new ParentWeekdayProfiles(ParentWeekdayProfiles.Region, new Dictionary<string, double[]> { ["paris"] = [0.5, 0.5, 0.5, 0, 0, 0, 0] }));

        Assert.Contains("paris", error.Message);
    }

    [Fact]
    public void Profiles_are_measured_per_parent_on_the_batch()
    {
        var profiles = ParentWeekdayProfiles.Measure([Sparse("A", "closed-sundays", 0), Sparse("B", "closed-sundays", 4)], ParentWeekdayProfiles.Region);

        var shares = profiles.SharesOf(new SeriesKey("C", "closed-sundays"));
        Assert.NotNull(shares);
        Assert.Equal(0, shares[(int)DayOfWeek.Sunday]);
        Assert.Equal(1, shares.Sum(), 9);
        Assert.Null(profiles.SharesOf(new SeriesKey("C", "elsewhere")));
    }
}
