using System.Globalization;
using Forecasting.Core.Domain;

namespace Forecasting.Core.Synthetic;

/// <summary>Draws the catalog, the network and every demand parameter of a synthetic platform.</summary>
internal static class PlatformBuilder
{
    private const ulong RegionStream = 1, ItemStream = 2;

    public static IReadOnlyList<RegionTruth> Regions(GeneratorOptions options)
    {
        var regions = new List<RegionTruth>(options.Regions);
        for (int r = 0; r < options.Regions; r++)
        {
            var profile = FashionVocabulary.Regions[r];
            var random = RandomSource.For(options.Seed, RegionStream, (ulong)r);
            var weekday = FashionVocabulary.WeekdayProfile.Select(w => w * (1 + random.Normal(0, 0.03))).ToArray();
            double mean = weekday.Average();
            regions.Add(new RegionTruth(profile.Id, profile.MarketWeight, [.. weekday.Select(w => Math.Round(w / mean, 4))]));
        }

        return regions;
    }

    public static IReadOnlyList<CategoryTruth> Categories() =>
        [.. FashionVocabulary.Categories.Select(c => new CategoryTruth(c.Name, c.PeakDayOfYear, c.SeasonalAmplitude, c.ReturnRate))];

    /// <summary>Black Friday weekend, the Christmas run-up, the January and the summer sale of every
    /// year the history touches.</summary>
    public static IReadOnlyList<SalesEventTruth> SalesEvents(GeneratorOptions options)
    {
        var events = new List<SalesEventTruth>();
        for (int year = options.Start.Year - 1; year <= options.End.Year; year++)
        {
            events.Add(new("January sale", new DateOnly(year, 1, 2), 10, 1.5, 1.3));
            events.Add(new("Summer sale", FirstWeekday(year, 7, DayOfWeek.Monday), 10, 1.4, 1.2));
            events.Add(new("Black Friday", FirstWeekday(year, 11, DayOfWeek.Friday).AddDays(21), 4, 2.2, 1.6));
            events.Add(new("Christmas run-up", new DateOnly(year, 12, 1), 18, 1.25, 1.2));
        }

        return [.. events.Where(e => e.Start.AddDays(e.Days - 1) >= options.Start && e.Start <= options.End).OrderBy(e => e.Start)];
    }

    public static (CatalogItem Item, ItemTruth Truth) Item(GeneratorOptions options, int index)
    {
        var random = RandomSource.For(options.Seed, ItemStream, (ulong)index);
        var category = random.Pick(FashionVocabulary.Categories);
        var colors = FashionVocabulary.Colors;
        string color = colors[(int)(Math.Pow(random.NextDouble(), 2) * colors.Count)]; // black, white, navy... most common
        string style = random.Pick(FashionVocabulary.Styles);
        string material = random.Pick(category.Materials);
        decimal price = Math.Max(4.95m, Math.Round((decimal)random.LogNormal(category.MedianPrice, 0.35)) - 0.05m);
        decimal unitCost = Math.Round(price * (decimal)random.Uniform(0.30, 0.50), 2);
        int casePack = random.Pick(category.CasePacks);
        string sku = "SKU-" + (index + 1).ToString("D5", CultureInfo.InvariantCulture);

        var launch = random.Chance(options.LaunchShare)
            ? options.Start.AddDays(random.Between(0, options.Days - 28))
            : options.Start.AddDays(-random.Between(30, 730));
        var firstSellingDay = launch > options.Start ? launch : options.Start;
        DateOnly? endOfLife = null;
        int eolRoom = options.End.DayNumber - 21 - (firstSellingDay.DayNumber + 60);
        if (random.Chance(options.EndOfLifeShare) && eolRoom > 0)
        {
            endOfLife = firstSellingDay.AddDays(60 + random.Between(0, eolRoom));
        }

        double baseRate = random.LogNormal(options.MedianDailyUnits, 1.0);
        double growth = Math.Clamp(random.Normal(0, 0.3), -0.9, 0.9);
        double dispersion = random.Uniform(0.8, 4.0);
        double viewsPerUnit = random.LogNormal(40, 0.3);

        TrendTruth? trend = null;
        if (random.Chance(options.TrendingShare) && options.Days >= 60)
        {
            var start = options.Start.AddDays(random.Between(28, options.Days - options.TrendEndMarginDays));
            int[] delays = [.. Enumerable.Range(0, options.Regions).Select(_ => random.Between(0, 10))];
            trend = new TrendTruth(start, random.Between(7, 14), Math.Round(random.Uniform(1.5, 4.0), 3), delays);
        }

        int promotionCount = random.Poisson(options.PromotionsPerYear * options.Days / 365.25);
        var promotions = new List<PromotionTruth>(promotionCount);
        for (int p = 0; p < promotionCount; p++)
        {
            promotions.Add(new PromotionTruth(options.Start.AddDays(random.Between(0, options.Days - 7)), random.Between(3, 7), Math.Round(random.Uniform(1.5, 2.5), 3)));
        }

        promotions.Sort((a, b) => a.Start.CompareTo(b.Start));
        var item = new CatalogItem(sku, category.Name, style, color, material, launch, price, unitCost, casePack);
        var truth = new ItemTruth(sku, category.Name, launch, endOfLife, Math.Round(baseRate, 5), Math.Round(growth, 4), Math.Round(dispersion, 3), Math.Round(viewsPerUnit, 2), trend, promotions);
        return (item, truth);
    }

    /// <summary>One warehouse per region, a central DC at the market-weighted centre, lanes priced and
    /// timed by great-circle distance: DC to every warehouse, warehouse back to the DC, and between
    /// warehouses less than 1,000 km apart (with a minimum shipment).</summary>
    public static Network Network(GeneratorOptions options, IReadOnlyList<int> regionalCapacity, int centralCapacity)
    {
        var profiles = FashionVocabulary.Regions.Take(options.Regions).ToList();
        var regions = profiles.Select(p => new Region(p.Id, p.Name, p.Country)).ToList();
        double totalWeight = profiles.Sum(p => p.MarketWeight);
        double centreLat = profiles.Sum(p => p.Latitude * p.MarketWeight) / totalWeight;
        double centreLon = profiles.Sum(p => p.Longitude * p.MarketWeight) / totalWeight;
        const string central = "DC-CENTRAL";
        var warehouses = new List<Warehouse> { new(central, [], Math.Round(centreLat, 3), Math.Round(centreLon, 3), centralCapacity, true) };
        warehouses.AddRange(profiles.Select((p, r) => new Warehouse(WarehouseId(p.Id), [p.Id], p.Latitude, p.Longitude, regionalCapacity[r], false)));

        var lanes = new List<Lane>();
        foreach (var w in warehouses.Skip(1))
        {
            double km = Geo.DistanceKm(centreLat, centreLon, w.Latitude, w.Longitude);
            lanes.Add(new Lane(central, w.Id, 1 + (int)(km / 450), Money(0.25 + (0.0006 * km)), 0));
            lanes.Add(new Lane(w.Id, central, 1 + (int)(km / 450), Money(0.30 + (0.0007 * km)), 24));
        }

        foreach (var from in warehouses.Skip(1))
        {
            foreach (var to in warehouses.Skip(1).Where(t => t.Id != from.Id))
            {
                double km = Geo.DistanceKm(from.Latitude, from.Longitude, to.Latitude, to.Longitude);
                if (km <= 1_000)
                {
                    lanes.Add(new Lane(from.Id, to.Id, 1 + (int)(km / 400), Money(0.40 + (0.0008 * km)), 12));
                }
            }
        }

        return new Network(regions, warehouses, lanes);
    }

    public static string WarehouseId(string region) => "WH-" + region;

    private static decimal Money(double value) => Math.Round((decimal)value, 2);

    private static DateOnly FirstWeekday(int year, int month, DayOfWeek day)
    {
        var date = new DateOnly(year, month, 1);
        while (date.DayOfWeek != day)
        {
            date = date.AddDays(1);
        }

        return date;
    }
}
