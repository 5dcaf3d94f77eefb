using Forecasting.Core.Synthetic;

namespace Forecasting.Core.Tests.Synthetic;

/// <summary>The generator's documented ground truth is visible in the data it writes.</summary>
public class PlantedSignalTests
{
    [Fact]
    public void Weekly_profile_is_visible_in_realised_units()
    {
        var platform = SyntheticPlatform.Create(new GeneratorOptions { Skus = 200, Regions = 6, Days = 364, Seed = 21 });
        var byWeekday = new double[7];
        foreach (var o in platform.Demand())
        {
            byWeekday[((int)o.Date.DayOfWeek + 6) % 7] += o.Units;
        }

        double mean = byWeekday.Average();
        var share = byWeekday.Select(v => v / mean).ToArray();
        // Planted profile (FashionVocabulary.WeekdayProfile, jittered 3 % per region): Sunday 1.22, Saturday 0.86.
        Assert.InRange(share[6], 1.12, 1.32);
        Assert.InRange(share[5], 0.78, 0.94);
        Assert.True(share[6] / share[5] > 1.25, $"Sunday/Saturday ratio {share[6] / share[5]:F3}");
        Assert.Equal(6, Array.IndexOf(share, share.Max()));
    }

    [Fact]
    public void Yearly_seasonality_puts_swimwear_in_summer_and_coats_in_winter()
    {
        var platform = SyntheticPlatform.Create(new GeneratorOptions { Skus = 400, Regions = 4, Days = 365, Start = new DateOnly(2025, 1, 1), Seed = 9, LaunchShare = 0, EndOfLifeShare = 0 });
        var category = platform.Catalog.ToDictionary(c => c.Sku, c => c.Category);
        double Units(string cat, int fromMonth, int toMonth) => platform.Demand()
            .Where(o => category[o.Sku] == cat && o.Date.Month >= fromMonth && o.Date.Month <= toMonth).Sum(o => (double)o.Units);

        // Swimwear: amplitude 0.75 peaking on day 175, so June-July runs at ~1.7x and Jan-Feb at ~0.3x.
        Assert.True(Units("swimwear", 6, 7) > 3 * Units("swimwear", 1, 2));
        // Coats: amplitude 0.65 peaking on day 330.
        Assert.True(Units("coats", 1, 2) > 2 * Units("coats", 6, 7));
    }

    [Fact]
    public void Interest_of_trending_items_rises_7_to_14_days_before_their_sales()
    {
        // Busy items, half of them trending, no promotions, launches or sales events in Feb-June: the only
        // step changes are the planted trends.
        var options = new GeneratorOptions
        {
            Skus = 120, Regions = 6, Days = 150, Start = new DateOnly(2025, 2, 1), Seed = 17,
            TrendingShare = 0.5, LaunchShare = 0, EndOfLifeShare = 0, PromotionsPerYear = 0, MedianDailyUnits = 3,
        };
        var platform = SyntheticPlatform.Create(options);
        var trending = platform.Truth.Items.Select((item, index) => (item, index)).Where(p => p.item.Trend is not null).ToList();
        Assert.True(trending.Count >= 40, $"{trending.Count} trending items");

        var rows = platform.Demand().GroupBy(o => o.Sku).ToDictionary(g => g.Key, g => g.ToList());
        var errors = new List<int>();
        foreach (var (item, _) in trending)
        {
            var trend = item.Trend!;
            // Align each region on its own trend start, then sum over regions per relative day.
            var views = new double[101];
            var units = new double[101];
            var regionIds = platform.Truth.Regions.Select(r => r.Region).ToList();
            foreach (var o in rows[item.Sku])
            {
                int r = regionIds.IndexOf(o.Region);
                int relative = o.Date.DayNumber - trend.InterestStart.DayNumber - trend.RegionDelays[r] + 40;
                if (relative is >= 0 and <= 100)
                {
                    views[relative] += o.Views / item.ViewsPerUnit;
                    units[relative] += o.Units;
                }
            }

            if (units.Take(30).Average() < 5)
            {
                continue; // too few units for a clean crossing
            }

            int viewsCross = Crossing(views, trend.Lift);
            int unitsCross = Crossing(units, trend.Lift);
            errors.Add(unitsCross - viewsCross - trend.LeadDays);
        }

        Assert.True(errors.Count >= 20, $"{errors.Count} items with enough volume");
        errors.Sort();
        Assert.InRange(errors[errors.Count / 2], -2, 2);
        Assert.True(errors.Count(e => Math.Abs(e) <= 3) >= 0.8 * errors.Count, string.Join(",", errors));
    }

    /// <summary>First relative day whose centred 5-day mean passes the midpoint between the level before
    /// the trend (days -40..-11) and the level it steps to.</summary>
    private static int Crossing(double[] signal, double lift)
    {
        double before = signal.Take(30).Average();
        double midpoint = before * (1 + (lift / 2));
        for (int d = 32; d < signal.Length - 2; d++)
        {
            if ((signal[d - 2] + signal[d - 1] + signal[d] + signal[d + 1] + signal[d + 2]) / 5 > midpoint)
            {
                return d;
            }
        }

        return signal.Length;
    }
}
