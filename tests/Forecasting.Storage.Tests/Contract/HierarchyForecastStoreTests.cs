using System.Globalization;
using System.Text;
using Forecasting.Core.Forecasting;
using Forecasting.Core.Hierarchy;
using Forecasting.Pipeline.Ingest;
using Forecasting.Pipeline.Training;
using Forecasting.Storage.Abstractions;

namespace Forecasting.Storage.Tests.Contract;

/// <summary>A training run stores forecasts of every level that add up; they are read back by level and filter.</summary>
public abstract class HierarchyForecastStoreTests : StoreContractTests
{
    [Theory]
    [InlineData(ReconciliationMethod.BottomUp)]
    [InlineData(ReconciliationMethod.MinTShrink)]
    public async Task A_training_run_stores_forecasts_of_every_level_that_add_up_to_their_parents(ReconciliationMethod method)
    {
        using var temp = NewStore();
        await LoadSmallPlatformAsync(temp);

        var run = await new ForecastTrainer(temp.Store, temp.Store).RunAsync(new SeasonalNaiveForecaster(), new TrainingOptions { Horizon = 7, Reconciliation = method });

        var stored = await temp.Store.GetReconciliationAsync(run.Id);
        Assert.Equal(method, stored!.Method);
        var bottom = await temp.Store.ReadReconciledForecastsAsync(run.Id, HierarchyLevel.SkuRegion);
        Assert.Equal(10 * 7, bottom.Count); // 5 SKUs x 2 regions x 7 days
        foreach (var level in HierarchyLevels.All.Skip(1))
        {
            var parents = await temp.Store.ReadReconciledForecastsAsync(run.Id, level);
            Assert.NotEmpty(parents);
            foreach (var parent in parents)
            {
                double sum = bottom.Where(b => b.TargetDate == parent.TargetDate && (parent.Sku is null || b.Sku == parent.Sku)
                    && (parent.Category is null || b.Category == parent.Category) && (parent.Region is null || b.Region == parent.Region)).Sum(b => b.Mean);
                Assert.True(Math.Abs(parent.Mean - sum) <= 1e-6 * Math.Max(1e-9, Math.Abs(sum)), $"{level} {parent.Sku}/{parent.Category}/{parent.Region} {parent.TargetDate}: {parent.Mean} against {sum}");
                Assert.True(parent.P10 <= parent.Mean && parent.Mean <= parent.P90);
            }
        }

        Assert.Equal(10 + 5 + 4 + 2 + 2 + 1, stored.Series);
        Assert.Equal(7, (await temp.Store.ReadReconciledForecastsAsync(run.Id, HierarchyLevel.Total)).Count);
    }

    [Fact]
    public async Task Reading_a_level_filters_by_category_region_and_sku_and_a_rewrite_replaces_the_run()
    {
        using var temp = NewStore();
        var run = await temp.Store.CreateRunAsync(Core.Domain.ForecastRunKind.Production, DateTimeOffset.UnixEpoch, new DateOnly(2026, 3, 1), 2, "Naive");
        var day = new DateOnly(2026, 3, 2);
        HierarchyForecastRecord Row(HierarchyLevel level, string? category, string? region, int step, double mean) =>
            new(run.Id, level, null, category, region, day.AddDays(step), step + 1, mean, mean - 1, mean, mean + 1);
        await temp.Store.WriteReconciledForecastsAsync(run.Id, ReconciliationMethod.BottomUp,
            [Row(HierarchyLevel.CategoryRegion, "dress", "north", 0, 5), Row(HierarchyLevel.CategoryRegion, "dress", "south", 0, 6), Row(HierarchyLevel.CategoryRegion, "shoe", "north", 0, 7)]);

        var north = await temp.Store.ReadReconciledForecastsAsync(run.Id, HierarchyLevel.CategoryRegion, new HierarchyFilter(Region: "north"));
        var dress = await temp.Store.ReadReconciledForecastsAsync(run.Id, HierarchyLevel.CategoryRegion, new HierarchyFilter(Category: "dress", Region: "south"));

        Assert.Equal([("dress", 5.0), ("shoe", 7.0)], north.Select(r => (r.Category!, r.Mean)));
        Assert.Null(north[0].Sku);
        Assert.Equal(day, north[0].TargetDate);
        Assert.Equal((1, 5.0, 7.0), (dress.Single().Horizon, dress.Single().P10, dress.Single().P90));
        Assert.Empty(await temp.Store.ReadReconciledForecastsAsync(run.Id, HierarchyLevel.Total));

        await temp.Store.WriteReconciledForecastsAsync(run.Id, ReconciliationMethod.MinTShrink, [Row(HierarchyLevel.Total, null, null, 1, 9)]);

        Assert.Empty(await temp.Store.ReadReconciledForecastsAsync(run.Id, HierarchyLevel.CategoryRegion));
        Assert.Equal(9, (await temp.Store.ReadReconciledForecastsAsync(run.Id, HierarchyLevel.Total)).Single().Mean);
        Assert.Equal((ReconciliationMethod.MinTShrink, 1), ((await temp.Store.GetReconciliationAsync(run.Id))!.Method, (await temp.Store.GetReconciliationAsync(run.Id))!.Series));
        Assert.Null(await temp.Store.GetReconciliationAsync(run.Id + 1));
    }

    /// <summary>Two categories, two regions, five SKUs sold in both, 60 days with a weekly peak and a late upswing.</summary>
    internal static async Task LoadSmallPlatformAsync(TempStore temp)
    {
        await temp.Load(IngestKind.Catalog, "sku,category,launch_date,price,unit_cost,case_pack\nA,dress,,10,4,1\nB,dress,,12,5,1\nC,dress,,9,3,1\nD,shoe,,30,10,1\nE,shoe,,25,9,1\n", "catalog.csv");
        var demand = new StringBuilder("sku,region,date,units\n");
        var start = new DateOnly(2026, 1, 1);
        string[] skus = ["A", "B", "C", "D", "E"];
        for (int s = 0; s < skus.Length; s++)
        {
            foreach (var (region, r) in new[] { ("north", 0), ("south", 1) })
            {
                for (int d = 0; d < 60; d++)
                {
                    int units = ((d * (s + 3)) + (r * 5) + (d % 7 == 5 ? 4 : 0) + (d > 40 ? s : 0)) % 9;
                    demand.Append(CultureInfo.InvariantCulture, $"{skus[s]},{region},{start.AddDays(d):yyyy-MM-dd},{units}\n");
                }
            }
        }

        await temp.Load(IngestKind.Demand, demand.ToString(), "demand.csv", new IngestOptions { AutoRegister = true });
    }
}

public sealed class HierarchyForecastStoreTestsOnSqlite : HierarchyForecastStoreTests
{
    protected override StoreKind Kind => StoreKind.Sqlite;
}

public sealed class HierarchyForecastStoreTestsOnPostgres : HierarchyForecastStoreTests
{
    protected override StoreKind Kind => StoreKind.Postgres;
}
