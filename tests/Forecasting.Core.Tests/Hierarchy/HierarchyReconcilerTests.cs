using Forecasting.Core.Hierarchy;
using Forecasting.Core.Trends;

namespace Forecasting.Core.Tests.Hierarchy;

public sealed class HierarchyReconcilerTests
{
    // Two categories x two regions, five SKUs (one SKU sold in one region only); 3 steps.
    private static readonly (string Sku, string Region, string Category)[] Bottom =
    [
        ("a", "north", "dress"), ("a", "south", "dress"), ("b", "north", "dress"), ("b", "south", "dress"),
        ("c", "north", "shoe"), ("c", "south", "shoe"), ("d", "north", "shoe"), ("e", "south", "shoe"),
    ];

    [Theory]
    [InlineData(ReconciliationMethod.BottomUp)]
    [InlineData(ReconciliationMethod.MinTShrink)]
    [InlineData(ReconciliationMethod.WlsVariance)]
    public void Every_parent_mean_is_the_sum_of_its_sku_region_means(ReconciliationMethod method)
    {
        var hierarchy = new ForecastHierarchy(Bottom);
        var (bottom, errors, upper) = Inputs(hierarchy);

        var all = new HierarchyReconciler(method).Reconcile(hierarchy, bottom, errors, upper);

        var bottomMeans = all.Where(f => f.Key.Level == HierarchyLevel.SkuRegion).ToDictionary(f => (f.Key.Sku, f.Key.Region), f => f.Mean);
        Assert.Equal(8, bottomMeans.Count);
        foreach (var level in HierarchyLevels.All.Skip(1))
        {
            var parents = all.Where(f => f.Key.Level == level).ToList();
            Assert.Equal(hierarchy.Level(level).Count, parents.Count);
            foreach (var (key, members) in hierarchy.Level(level))
            {
                var parent = parents.Single(p => p.Key == key);
                for (int h = 0; h < 3; h++)
                {
                    double sum = members.Sum(i => bottomMeans[(Bottom[i].Sku, Bottom[i].Region)][h]);
                    Assert.True(Math.Abs(parent.Mean[h] - sum) <= 1e-9 * Math.Max(1, Math.Abs(sum)), $"{key} step {h}: {parent.Mean[h]} against {sum}");
                }
            }
        }

        Assert.All(all, f => Assert.All(f.Mean, m => Assert.True(m >= 0)));
    }

    [Fact]
    public void Bottom_up_keeps_the_base_forecasts_and_sums_them_with_a_band_from_the_joint_spread()
    {
        // Two SKUs in one cell, sigma 10 and 20 from their bands, errors uncorrelated: the cell's variance is 100 + 400 = 500 at
        // any lambda (zero sample correlation), so with a mean of 300 (read as normal) its p90 is mean + z0.9 sqrt(500).
        var hierarchy = new ForecastHierarchy([("a", "north", "dress"), ("b", "north", "dress")]);
        var z = ForecastSpread.Z90;
        LevelForecast F(string sku, double mean, double sigma) =>
            new(new HierarchyKey(HierarchyLevel.SkuRegion, sku, "dress", "north"), [mean], [mean - (z * sigma)], [mean], [mean + (z * sigma)]);
        var bottom = new[] { F("a", 100, 10), F("b", 200, 20) };
        double[][] errors = [[1, -1, 1, -1], [1, 1, -1, -1]];

        var all = new HierarchyReconciler(ReconciliationMethod.BottomUp).Reconcile(hierarchy, bottom, errors);

        Assert.Same(bottom[0], all[0]);
        var cell = all.Single(f => f.Key.Level == HierarchyLevel.CategoryRegion);
        Assert.Equal(300, cell.Mean[0], 12);
        Assert.Equal(300 + (z * Math.Sqrt(500)), cell.P90[0], 9);
        Assert.Equal(300 - (z * Math.Sqrt(500)), cell.P10[0], 9);
        Assert.Equal(300, all.Single(f => f.Key.Level == HierarchyLevel.Total).Mean[0], 12);
    }

    [Theory]
    [InlineData(ReconciliationMethod.BottomUp, 100)]
    [InlineData(ReconciliationMethod.MinTShrink, 100)]
    [InlineData(ReconciliationMethod.BottomUp, 1)]
    [InlineData(ReconciliationMethod.MinTShrink, 1)]
    public void A_parents_band_is_narrower_than_the_sum_of_its_childrens_bands(ReconciliationMethod method, double scale)
    {
        // At scale 100 the parents are read as normal: strictly narrower. At scale 1 they are small counts, whose integer
        // quantiles are held within the sum of the children's quantiles.
        var hierarchy = new ForecastHierarchy(Bottom);
        var (bottom, errors, upper) = Inputs(hierarchy, scale);

        var all = new HierarchyReconciler(method).Reconcile(hierarchy, bottom, errors, upper);

        var byKey = all.Where(f => f.Key.Level == HierarchyLevel.SkuRegion).ToDictionary(f => (f.Key.Sku, f.Key.Region));
        foreach (var parent in all.Where(f => f.Key.Level is HierarchyLevel.CategoryRegion or HierarchyLevel.Category or HierarchyLevel.Total))
        {
            var members = hierarchy.Level(parent.Key.Level).Single(n => n.Key == parent.Key).Members;
            for (int h = 0; h < 3; h++)
            {
                double summedBands = members.Sum(i => byKey[(Bottom[i].Sku, Bottom[i].Region)].P90[h] - byKey[(Bottom[i].Sku, Bottom[i].Region)].P10[h]);
                double band = parent.P90[h] - parent.P10[h];
                Assert.True(scale > 1 ? band < summedBands : band <= summedBands + 1e-9, $"{parent.Key} step {h}: band {band} against summed {summedBands}");
            }
        }
    }

    [Fact]
    public void Level_names_read_in_any_order_and_an_unknown_one_names_the_levels()
    {
        Assert.Equal(HierarchyLevel.CategoryRegion, HierarchyLevels.Parse("region, Category"));
        Assert.Equal(HierarchyLevel.SkuRegion, HierarchyLevels.Parse("sku-region"));
        Assert.Equal(HierarchyLevel.Total, HierarchyLevels.Parse("total"));
        Assert.Equal("category,region", HierarchyLevel.CategoryRegion.Name());
        var error = Assert.Throws<ArgumentException>(() => HierarchyLevels.Parse("color"));
        Assert.Contains("sku,region | sku | category,region | category | region | total", error.Message, StringComparison.Ordinal);
    }

    private static (LevelForecast[] Bottom, double[][] Errors, Dictionary<HierarchyKey, LevelForecast> Upper) Inputs(ForecastHierarchy hierarchy, double scale = 1)
    {
        var random = new Random(7);
        var bottom = Bottom.Select((b, i) =>
        {
            var mean = Enumerable.Range(0, 3).Select(h => scale * (1 + i + (h * 0.5))).ToArray();
            return new LevelForecast(new HierarchyKey(HierarchyLevel.SkuRegion, b.Sku, b.Category, b.Region), mean,
                [.. mean.Select(m => Math.Max(0, m - (1.5 * scale)))], [.. mean], [.. mean.Select(m => m + (2 * scale))]);
        }).ToArray();
        var common = Enumerable.Range(0, 20).Select(_ => random.NextDouble() - 0.5).ToArray();
        var errors = Bottom.Select((_, i) => common.Select(c => scale * (c + ((random.NextDouble() - 0.5) * (1 + (i % 3))))).ToArray()).ToArray();
        var upper = new Dictionary<HierarchyKey, LevelForecast>();
        foreach (var level in new[] { HierarchyLevel.CategoryRegion, HierarchyLevel.Category, HierarchyLevel.Region, HierarchyLevel.Total })
        {
            foreach (var (key, values) in hierarchy.Sum(level, [.. bottom.Select(b => b.Mean)]))
            {
                var mean = values.Select(v => (v * 1.2) + (0.3 * scale)).ToArray(); // the direct forecasts disagree with the sums
                upper[key] = new LevelForecast(key, mean, mean, mean, mean);
            }
        }

        return (bottom, errors, upper);
    }
}
