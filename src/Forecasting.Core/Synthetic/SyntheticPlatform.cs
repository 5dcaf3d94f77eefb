using Forecasting.Core.Domain;

namespace Forecasting.Core.Synthetic;

/// <summary>
/// A synthetic online fashion platform: catalog, network, daily demand signals per SKU x region and an
/// inventory snapshot, all drawn from the parameters in <see cref="Truth"/> and deterministic for a seed.
/// <para>
/// Expected units of item i in region r on day t are
/// base_i x weight_r x weekday_r(t) x season_category(t) x exp(growth_i x years) x lifecycle_i(t)
/// x trend_i,r(t - lead) x promotion_i(t) x event(t); realised units are negative binomial around it.
/// Interest signals (views, searches, cart and wishlist adds) follow the same product with the trend
/// <em>not</em> delayed, the square root of promotion lifts and the events' interest lift, with Poisson
/// noise. Returns are binomial on the units sold 10 days earlier at the category's return rate.
/// </para>
/// </summary>
public sealed class SyntheticPlatform
{
    /// <summary>Days between a sale and its return.</summary>
    public const int ReturnDelayDays = 10;

    /// <summary>Scale of the logistic trend step, in days (10 % to 90 % of the rise in about 6.6 days).</summary>
    public const double TrendStepScaleDays = 1.5;

    private const ulong SeriesStream = 3, InventoryStream = 4;

    private readonly double[][] _seasonByCategory;
    private readonly double[] _eventUnits;
    private readonly double[] _eventInterest;
    private readonly int[] _categoryOfItem;
    private readonly double[] _returnRateOfItem;

    private SyntheticPlatform(GeneratorOptions options)
    {
        Options = options;
        var regions = PlatformBuilder.Regions(options);
        var categories = PlatformBuilder.Categories();
        var events = PlatformBuilder.SalesEvents(options);
        var catalog = new CatalogItem[options.Skus];
        var items = new ItemTruth[options.Skus];
        for (int i = 0; i < options.Skus; i++)
        {
            (catalog[i], items[i]) = PlatformBuilder.Item(options, i);
        }

        Catalog = catalog;
        Truth = new GroundTruth(options, regions, categories, events, items);

        var categoryIndex = categories.Select((c, k) => (c.Category, k)).ToDictionary(p => p.Category, p => p.k, StringComparer.Ordinal);
        _categoryOfItem = [.. items.Select(t => categoryIndex[t.Category])];
        _returnRateOfItem = [.. _categoryOfItem.Select(k => categories[k].ReturnRate)];
        _seasonByCategory = [.. categories.Select(c => Enumerable.Range(0, options.Days).Select(d => Season(c, options.Start.AddDays(d))).ToArray())];
        _eventUnits = new double[options.Days];
        _eventInterest = new double[options.Days];
        for (int d = 0; d < options.Days; d++)
        {
            var day = options.Start.AddDays(d);
            _eventUnits[d] = _eventInterest[d] = 1;
            foreach (var e in events.Where(e => day >= e.Start && day < e.Start.AddDays(e.Days)))
            {
                _eventUnits[d] *= e.UnitsLift;
                _eventInterest[d] *= e.InterestLift;
            }
        }

        (Inventory, var regional, int central) = DrawInventory();
        Network = PlatformBuilder.Network(options, regional, central);
    }

    public GeneratorOptions Options { get; }

    public IReadOnlyList<CatalogItem> Catalog { get; }

    public Network Network { get; }

    public GroundTruth Truth { get; }

    /// <summary>Stock per warehouse and SKU as of the last day of the history.</summary>
    public IReadOnlyList<InventoryPosition> Inventory { get; }

    public static SyntheticPlatform Create(GeneratorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return new SyntheticPlatform(options);
    }

    /// <summary>Expected units of item <paramref name="item"/> in region <paramref name="region"/> on a day
    /// of the history (the mean the realised units are drawn around).</summary>
    public double ExpectedUnits(int item, int region, DateOnly day) => Expected(item, region, day).Units;

    /// <summary>Expected interest in units-equivalent: views are this times the item's views per unit.</summary>
    public double ExpectedInterest(int item, int region, DateOnly day) => Expected(item, region, day).Interest;

    /// <summary>
    /// The daily demand rows, day by day (the shape of a platform's daily export), each day's rows by
    /// SKU then region. Days before an item's launch have no row (absent); a live day with no signal at
    /// all has no row either, which the store reads as zero. Memory is proportional to the number of
    /// series, not to the number of rows.
    /// </summary>
    public IEnumerable<DemandObservation> Demand(CancellationToken cancellationToken = default)
    {
        int regions = Options.Regions;
        var random = new RandomSource[Options.Skus * regions];
        for (int s = 0; s < random.Length; s++)
        {
            random[s] = RandomSource.For(Options.Seed, SeriesStream, (ulong)s);
        }

        var soldRing = new int[random.Length * ReturnDelayDays];
        var regionIds = Truth.Regions.Select(r => r.Region).ToArray();
        for (int d = 0; d < Options.Days; d++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var day = Options.Start.AddDays(d);
            for (int i = 0; i < Options.Skus; i++)
            {
                var truth = Truth.Items[i];
                if (day < truth.Launch)
                {
                    continue;
                }

                for (int r = 0; r < regions; r++)
                {
                    int s = (i * regions) + r;
                    var rng = random[s];
                    var (mu, lambda) = Expected(i, r, day);
                    int units = rng.NegativeBinomial(mu, truth.Dispersion);
                    int slot = (s * ReturnDelayDays) + (d % ReturnDelayDays);
                    int returns = rng.Binomial(soldRing[slot], _returnRateOfItem[i]);
                    soldRing[slot] = units;
                    double viewRate = lambda * truth.ViewsPerUnit;
                    int views = rng.Poisson(viewRate);
                    int searches = rng.Poisson(viewRate * 0.25);
                    int cartAdds = rng.Poisson(lambda * 3);
                    int wishlistAdds = rng.Poisson(lambda * 0.8);
                    if ((units | returns | views | searches | cartAdds | wishlistAdds) != 0)
                    {
                        yield return new DemandObservation(truth.Sku, regionIds[r], day, units, returns, views, searches, cartAdds, wishlistAdds);
                    }
                }
            }
        }
    }

    private (double Units, double Interest) Expected(int item, int region, DateOnly day)
    {
        var truth = Truth.Items[item];
        int d = day.DayNumber - Options.Start.DayNumber;
        if ((uint)d >= (uint)Options.Days)
        {
            throw new ArgumentOutOfRangeException(nameof(day), day, $"outside the history {Options.Start:yyyy-MM-dd}..{Options.End:yyyy-MM-dd}");
        }

        double life = Lifecycle(truth, day);
        if (life == 0)
        {
            return (0, 0);
        }

        var regionTruth = Truth.Regions[region];
        double common = truth.BaseRate * regionTruth.MarketWeight * regionTruth.WeekdayProfile[((int)day.DayOfWeek + 6) % 7]
            * _seasonByCategory[_categoryOfItem[item]][d] * Math.Exp(truth.GrowthPerYear * d / 365.25) * life;
        double promotion = 1;
        foreach (var p in truth.Promotions)
        {
            if (day >= p.Start && day < p.Start.AddDays(p.Days))
            {
                promotion *= p.Lift;
            }
        }

        double trendUnits = 1, trendInterest = 1;
        if (truth.Trend is { } trend)
        {
            double sinceStart = day.DayNumber - trend.InterestStart.DayNumber - trend.RegionDelays[region];
            trendInterest = 1 + (trend.Lift * Logistic(sinceStart / TrendStepScaleDays));
            trendUnits = 1 + (trend.Lift * Logistic((sinceStart - trend.LeadDays) / TrendStepScaleDays));
        }

        return (common * promotion * _eventUnits[d] * trendUnits, common * Math.Sqrt(promotion) * _eventInterest[d] * trendInterest);
    }

    /// <summary>0 before launch, a 14-day ramp after it, full until end of life, then a 21-day fade.</summary>
    private static double Lifecycle(ItemTruth truth, DateOnly day)
    {
        int sinceLaunch = day.DayNumber - truth.Launch.DayNumber;
        if (sinceLaunch < 0)
        {
            return 0;
        }

        double ramp = Math.Min(1, (sinceLaunch + 1) / 14.0);
        if (truth.EndOfLife is { } eol && day > eol)
        {
            ramp *= Math.Max(0, 1 - ((day.DayNumber - eol.DayNumber) / 21.0));
        }

        return ramp;
    }

    private static double Season(CategoryTruth category, DateOnly day) =>
        1 + (category.Amplitude * Math.Cos(2 * Math.PI * (day.DayOfYear - category.PeakDayOfYear) / 365.25));

    private static double Logistic(double x) => 1 / (1 + Math.Exp(-x));

    /// <summary>Regional stock covers 0-45 days of expected demand (15 % of positions are out of stock),
    /// the central DC 10-60 days of all regions; capacities leave about 60 % headroom.</summary>
    private (IReadOnlyList<InventoryPosition> Positions, IReadOnlyList<int> RegionalCapacity, int CentralCapacity) DrawInventory()
    {
        var asOf = Options.End;
        var positions = new List<InventoryPosition>();
        var regionalStock = new long[Options.Regions];
        long centralStock = 0;
        for (int i = 0; i < Options.Skus; i++)
        {
            var random = RandomSource.For(Options.Seed, InventoryStream, (ulong)i);
            string sku = Truth.Items[i].Sku;
            double total = 0;
            for (int r = 0; r < Options.Regions; r++)
            {
                double daily = ExpectedUnits(i, r, asOf);
                total += daily;
                double cover = random.Chance(0.15) ? 0 : random.Uniform(3, 45);
                int onHand = (int)Math.Round(daily * cover);
                int inTransit = random.Chance(0.2) ? (int)Math.Round(daily * random.Uniform(3, 10)) : 0;
                int committed = Math.Min(onHand, (int)Math.Round(daily * random.Uniform(0, 1.5)));
                if (daily > 0)
                {
                    positions.Add(new InventoryPosition(PlatformBuilder.WarehouseId(Truth.Regions[r].Region), sku, onHand, inTransit, committed, asOf));
                    regionalStock[r] += onHand + inTransit;
                }
            }

            if (total > 0)
            {
                int central = (int)Math.Round(total * random.Uniform(10, 60));
                positions.Add(new InventoryPosition("DC-CENTRAL", sku, central, 0, 0, asOf));
                centralStock += central;
            }
        }

        static int Capacity(long stock) => (int)Math.Min(int.MaxValue, Math.Max(1_000, (long)Math.Ceiling(stock * 1.6 / 1_000.0) * 1_000));
        return (positions, [.. regionalStock.Select(Capacity)], Capacity(centralStock));
    }
}
