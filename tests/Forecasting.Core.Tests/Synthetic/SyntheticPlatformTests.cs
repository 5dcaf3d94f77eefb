using Forecasting.Core.Domain;
using Forecasting.Core.Synthetic;

namespace Forecasting.Core.Tests.Synthetic;

public class SyntheticPlatformTests
{
    private static readonly GeneratorOptions Small = new() { Skus = 40, Regions = 4, Days = 120, Seed = 7 };

    [Fact]
    public void Same_seed_gives_the_same_platform_and_demand()
    {
        var a = SyntheticPlatform.Create(Small);
        var b = SyntheticPlatform.Create(Small);

        Assert.Equal(a.Catalog, b.Catalog);
        Assert.Equal(a.Inventory, b.Inventory);
        Assert.Equal(a.Network.Lanes, b.Network.Lanes);
        Assert.Equal(a.Demand().ToList(), b.Demand().ToList());
    }

    [Fact]
    public void Another_seed_gives_other_demand()
    {
        var a = SyntheticPlatform.Create(Small).Demand().Take(500).ToList();
        var b = SyntheticPlatform.Create(Small with { Seed = 8 }).Demand().Take(500).ToList();

        Assert.NotEqual(a, b);
    }

    [Fact]
    public void An_item_is_the_same_whatever_the_catalog_size()
    {
        // Every item and series draws from its own stream: growing the catalog does not reshuffle the others.
        var small = SyntheticPlatform.Create(Small);
        var large = SyntheticPlatform.Create(Small with { Skus = 80 });

        Assert.Equal(small.Catalog, large.Catalog.Take(40));
        var firstSku = small.Catalog[0].Sku;
        Assert.Equal(small.Demand().Where(o => o.Sku == firstSku), large.Demand().Where(o => o.Sku == firstSku));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(13)]
    public void Region_count_outside_4_to_12_is_refused(int regions)
    {
        var e = Assert.Throws<ArgumentException>(() => SyntheticPlatform.Create(Small with { Regions = regions }));
        Assert.Contains("--regions must be between 4 and 12", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Network_has_a_warehouse_per_region_a_central_dc_and_lanes_timed_by_distance()
    {
        var network = SyntheticPlatform.Create(Small with { Regions = 12 }).Network;

        Assert.Equal(12, network.Regions.Count);
        var central = Assert.Single(network.Warehouses, w => w.IsCentral);
        foreach (var region in network.Regions)
        {
            var warehouse = Assert.Single(network.Warehouses, w => w.RegionsServed.Contains(region.Id));
            Assert.Contains(network.Lanes, l => l.From == central.Id && l.To == warehouse.Id);
        }

        // Lead time and cost grow with distance: the farthest warehouse from the DC is at least as slow and
        // strictly dearer than the nearest.
        var fromCentral = network.Lanes.Where(l => l.From == central.Id)
            .Select(l => (Lane: l, Km: Distance(central, network.Warehouses.Single(w => w.Id == l.To)))).OrderBy(p => p.Km).ToList();
        Assert.True(fromCentral[^1].Lane.LeadTimeDays >= fromCentral[0].Lane.LeadTimeDays);
        Assert.True(fromCentral[^1].Lane.CostPerUnit > fromCentral[0].Lane.CostPerUnit);
        Assert.All(network.Lanes.Where(l => l.From != central.Id && l.To != central.Id), l => Assert.True(l.MinQuantity > 0));
    }

    [Fact]
    public void Long_tail_most_series_sell_under_one_unit_a_day()
    {
        var options = new GeneratorOptions { Skus = 150, Regions = 6, Days = 182, Seed = 3 };
        var totals = SyntheticPlatform.Create(options).Demand().GroupBy(o => o.Key).Select(g => g.Sum(o => o.Units) / (double)options.Days).ToList();

        double underOne = totals.Count(mean => mean < 1) / (double)totals.Count;
        Assert.InRange(underOne, 0.6, 0.97);
        Assert.Contains(totals, mean => mean > 3); // and a head of fast sellers
    }

    [Fact]
    public void No_row_before_launch_and_nothing_sold_after_end_of_life()
    {
        var platform = SyntheticPlatform.Create(new GeneratorOptions { Skus = 120, Regions = 4, Days = 365, Seed = 11, LaunchShare = 0.5, EndOfLifeShare = 0.3 });
        var launched = platform.Truth.Items.Where(i => i.Launch > platform.Options.Start).ToList();
        var ended = platform.Truth.Items.Where(i => i.EndOfLife is not null).ToList();
        Assert.NotEmpty(launched);
        Assert.NotEmpty(ended);

        var launchOf = platform.Truth.Items.ToDictionary(i => i.Sku, i => i.Launch);
        var endOf = ended.ToDictionary(i => i.Sku, i => i.EndOfLife!.Value.AddDays(21));
        var rows = platform.Demand().ToList();
        Assert.DoesNotContain(rows, o => o.Date < launchOf[o.Sku]);
        Assert.DoesNotContain(rows, o => endOf.TryGetValue(o.Sku, out var gone) && o.Date > gone && o.Units > 0);
        Assert.All(launched.Where(i => i.Launch < platform.Options.End.AddDays(-60)), i => Assert.Contains(rows, o => o.Sku == i.Sku && o.Units > 0));
    }

    [Fact]
    public void Returns_follow_the_category_return_rates()
    {
        var platform = SyntheticPlatform.Create(new GeneratorOptions { Skus = 200, Regions = 4, Days = 200, Seed = 5, PromotionsPerYear = 0 });
        var rate = platform.Truth.Categories.ToDictionary(c => c.Category, c => c.ReturnRate);
        var category = platform.Catalog.ToDictionary(c => c.Sku, c => c.Category);
        double expected = 0, returned = 0;
        foreach (var o in platform.Demand())
        {
            expected += o.Units * rate[category[o.Sku]];
            returned += o.Returns;
        }

        // Returns lag sales by 10 days, so the last 10 days' sales are not returned yet: a few percent short.
        Assert.InRange(returned / expected, 0.85, 1.02);
    }

    private static double Distance(Warehouse a, Warehouse b) => Geo.DistanceKm(a.Latitude, a.Longitude, b.Latitude, b.Longitude);
}
