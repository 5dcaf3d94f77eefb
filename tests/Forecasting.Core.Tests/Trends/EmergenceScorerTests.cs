using Forecasting.Core.Synthetic;
using Forecasting.Core.Trends;

namespace Forecasting.Core.Tests.Trends;

public sealed class EmergenceScorerTests
{
    private static readonly InterestWindow Window = new(new DateOnly(2025, 3, 30));

    /// <summary>Feeds <paramref name="days"/> of one key in <paramref name="regions"/> regions: interest and units per region and day.</summary>
    private static void Feed(EmergenceScorer scorer, string key, string peer, int regions, Func<int, int, (long Units, long Interest)> signal)
    {
        for (int d = 0; d < Window.Days; d++)
        {
            for (int r = 0; r < regions; r++)
            {
                var (units, interest) = signal(d, r);
                scorer.Add(new InterestDay(key, peer, "r" + r, Window.First.AddDays(d), units, interest));
            }
        }
    }

    /// <summary>Steady peers, so the category's own growth is about zero.</summary>
    private static void FeedPeers(EmergenceScorer scorer, string peer)
    {
        for (int k = 0; k < 5; k++)
        {
            Feed(scorer, $"steady-{peer}-{k}", peer, 3, (_, _) => (2, 100));
        }
    }

    [Fact]
    public void Interest_that_tripled_while_sales_stayed_flat_ranks_first_with_its_evidence()
    {
        var scorer = new EmergenceScorer(Window);
        FeedPeers(scorer, "dresses");
        // Interest triples from 4 days before the end in regions r0 and r1 only; units stay at 2 a day.
        Feed(scorer, "rising", "dresses", 3, (d, r) => (2, d >= Window.Days - 4 && r < 2 ? 300 : 100));
        Feed(scorer, "followed", "dresses", 3, (d, _) => d >= Window.Days - 4 ? (6, 300) : (2, 100)); // sales came with it

        var top = scorer.Rank(EmergenceDirection.Emerging, 10);

        var first = Assert.Single(top);
        Assert.Equal("rising", first.Key);
        Assert.Equal(["r0", "r1"], first.RegionsTurned);
        Assert.Equal(3, first.Regions);
        Assert.Equal(4, first.LagDays); // the 3-day mean is above the midpoint of 300 and the recent 529 a day from the first tripled day on
        Assert.Equal(300, first.BaselineInterestPerDay, 9);
        Assert.Equal(((4 * 700) + (3 * 300)) / 7.0, first.RecentInterestPerDay, 9);
        // Less the growth of the rest of the category: 5 steady items (1,500 a day) and "followed" (300, then 643 a day).
        double peers = Math.Log((1500 + (((4 * 900) + (3 * 300)) / 7.0)) / 1800);
        Assert.Equal(Math.Log((first.RecentInterestPerDay + EmergenceScorer.InterestPrior) / (300 + EmergenceScorer.InterestPrior)) - peers, first.InterestGrowth, 12);
        Assert.True(first.SalesGrowth < 0); // flat against a category whose sales rose
        Assert.Equal(first.InterestGrowth, first.Score, 12); // so none of the interest growth is taken away
    }

    [Fact]
    public void A_rise_the_whole_category_shares_is_a_season_not_an_emerging_item()
    {
        var scorer = new EmergenceScorer(Window);
        for (int k = 0; k < 6; k++)
        {
            Feed(scorer, $"swim-{k}", "swimwear", 3, (d, _) => d >= Window.BaselineDays ? (2, 250) : (2, 100));
        }

        Assert.Empty(scorer.Rank(EmergenceDirection.Emerging, 10));
    }

    [Fact]
    public void A_sales_dip_does_not_add_to_the_score_and_a_small_count_is_not_ranked()
    {
        var scorer = new EmergenceScorer(Window);
        FeedPeers(scorer, "tops");
        Feed(scorer, "flat-interest-sales-dip", "tops", 3, (d, _) => (d >= Window.BaselineDays ? 0 : 5, 100));
        Feed(scorer, "tiny", "tops", 1, (d, _) => (0, d >= Window.BaselineDays ? 6 : 1)); // 42 recent interactions: under the minimum

        Assert.Empty(scorer.Rank(EmergenceDirection.Emerging, 10));
    }

    [Fact]
    public void Fading_ranks_interest_that_fell_ahead_of_sales()
    {
        var scorer = new EmergenceScorer(Window);
        FeedPeers(scorer, "coats");
        Feed(scorer, "cooling", "coats", 3, (d, _) => (3, d >= Window.BaselineDays ? 30 : 100));

        var fading = Assert.Single(scorer.Rank(EmergenceDirection.Fading, 10));

        Assert.Equal("cooling", fading.Key);
        Assert.True(fading.InterestGrowth < -1);
        Assert.Equal(["r0", "r1", "r2"], fading.RegionsTurned);
        Assert.Empty(scorer.Rank(EmergenceDirection.Emerging, 10));
    }

    [Fact]
    public void Rows_outside_the_window_are_ignored_and_a_bad_window_is_refused()
    {
        var scorer = new EmergenceScorer(Window);
        scorer.Add(new InterestDay("x", "p", "r0", Window.AsOf.AddDays(1), 0, 1_000_000));
        scorer.Add(new InterestDay("x", "p", "r0", Window.First.AddDays(-1), 0, 1_000_000));

        Assert.Empty(scorer.Rank(EmergenceDirection.Emerging, 5));
        Assert.Throws<ArgumentException>(() => new EmergenceScorer(new InterestWindow(Window.AsOf, RecentDays: 0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => scorer.Rank(EmergenceDirection.Emerging, 0));
    }

    /// <summary>
    /// The scorer alone (no store) on a generated platform whose trends may still be under way on its last day: the
    /// planted items it ranks first are mostly those whose sales ramp has not finished. Seed 5 is used by no other test.
    /// </summary>
    [Fact]
    public void On_a_generated_platform_the_top_twenty_emerging_items_are_mostly_planted_trends_still_under_way()
    {
        var options = new GeneratorOptions { Skus = 1500, Regions = 6, Days = 150, Seed = 5, TrendEndMarginDays = 1 };
        var platform = SyntheticPlatform.Create(options);
        var window = new InterestWindow(options.End);
        var scorer = new EmergenceScorer(window);
        var catalog = platform.Catalog.ToDictionary(c => c.Sku);
        foreach (var o in platform.Demand())
        {
            var item = catalog[o.Sku];
            if (item.LaunchDate is not { } launch || launch <= window.LatestLaunch)
            {
                scorer.Add(new InterestDay(o.Sku, item.Category, o.Region, o.Date, o.Units, (long)o.Views + o.Searches + o.CartAdds + o.WishlistAdds));
            }
        }

        var top = scorer.Rank(EmergenceDirection.Emerging, 20);

        Assert.True(top.Count >= 10, $"only {top.Count} items ranked");
        double precision = TrendPhase.Precision([.. top.Select(t => t.Key)], platform.Truth, options.End);
        Assert.True(precision >= 0.7, $"precision {precision:F2}: " + string.Join("; ", top.Select(t => $"{t.Key} {t.Score:F2} gI {t.InterestGrowth:F2} gU {t.SalesGrowth:F2} turned {t.RegionsTurned.Count} lag {t.LagDays} {platform.Truth.Items.First(i => i.Sku == t.Key).Trend?.InterestStart}")));
    }
}
