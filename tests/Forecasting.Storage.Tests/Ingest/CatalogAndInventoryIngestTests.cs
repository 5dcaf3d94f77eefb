using Forecasting.Storage.Files;
using Forecasting.Storage.Abstractions;
using Forecasting.Pipeline.Ingest;

namespace Forecasting.Storage.Tests.Ingest;

public abstract class CatalogAndInventoryIngestTests : StoreContractTests
{
    [Fact]
    public async Task Catalog_LoadedTwice_SecondIsDuplicates()
    {
        using var temp = NewStore();
        const string csv = "sku,category,style,color,material,launch_date,price,unit_cost,case_pack\nA,dresses,boho,red,linen,2024-04-01,59.90,21.5,4\n";
        await temp.Load(IngestKind.Catalog, csv, "catalog.csv");

        var second = await temp.Load(IngestKind.Catalog, csv, "catalog.csv");
        var item = Assert.Single(await temp.Store.GetCatalogAsync());

        Assert.Equal(new IngestCounts(1, 0, 0, 1), second.Counts);
        Assert.Equal(new Core.Domain.CatalogItem("A", "dresses", "boho", "red", "linen", new DateOnly(2024, 4, 1), 59.90m, 21.5m, 4), item);
    }

    [Theory]
    [InlineData("A,,,,,,-1,,", "price", "negative value -1 is not allowed")]
    [InlineData("A,,,,,,,,0", "case_pack", "case_pack must be at least 1")]
    [InlineData("A,,,,,2024-04-31,,,", "launch_date", "'2024-04-31' is not a valid date")]
    [InlineData(",dresses,,,,,,,", "sku", "required value is empty")]
    public async Task Catalog_BadField_IsRejectedWithReason(string row, string field, string reason)
    {
        using var temp = NewStore();

        var report = await temp.Load(IngestKind.Catalog, "sku,category,style,color,material,launch_date,price,unit_cost,case_pack\n" + row + "\n", "catalog.csv");

        var reject = Assert.Single(report.FirstRejects);
        Assert.Equal((field, reason), (reject.Field, reject.Reason));
    }

    [Fact]
    public async Task Catalog_DuplicateSkuInFile_RejectsTheRepeat()
    {
        using var temp = NewStore();

        var report = await temp.Load(IngestKind.Catalog, "sku,category\nA,dresses\nA,jeans\n", "catalog.csv");

        Assert.Equal(new IngestCounts(2, 1, 1, 0), report.Counts);
        Assert.Equal("duplicate key: same sku as line 2", report.FirstRejects[0].Reason);
    }

    [Fact]
    public async Task Catalog_AfterAutoRegister_FillsTheAttributes()
    {
        using var temp = NewStore();
        await temp.Store.RegisterAsync(["A"], []);

        var report = await temp.Load(IngestKind.Catalog, "sku,category\nA,dresses\n", "catalog.csv");

        Assert.Equal(1, report.Counts.Accepted);
        Assert.Equal(0, temp.Scalar("SELECT auto_registered FROM skus WHERE sku = 'A'"));
    }

    [Fact]
    public async Task Inventory_LoadsPositionsAndRejectsUnknownWarehouse()
    {
        using var temp = NewStore();
        await temp.SeedReferenceAsync();

        var report = await temp.Load(IngestKind.Inventory, "warehouse,sku,on_hand,in_transit,committed,as_of\nwh-north,A,10,5,2,2024-05-01\nwh-mars,A,1,,,\nwh-north,A,3,,,\n", "inventory.csv");
        var position = Assert.Single(await temp.Store.GetInventoryAsync());

        Assert.Equal(new IngestCounts(3, 1, 2, 0), report.Counts);
        Assert.Equal("unknown warehouse 'wh-mars' (not in the network; load the network first)", report.FirstRejects[0].Reason);
        Assert.Equal("duplicate key: same warehouse and sku as line 2", report.FirstRejects[1].Reason);
        Assert.Equal(13, position.Position);
    }

    [Fact]
    public async Task Inventory_OlderSnapshot_DoesNotOverwriteNewer()
    {
        using var temp = NewStore();
        await temp.SeedReferenceAsync();
        await temp.Load(IngestKind.Inventory, "warehouse,sku,on_hand,as_of\nwh-north,A,10,2024-05-02\n", "new.csv");

        var report = await temp.Load(IngestKind.Inventory, "warehouse,sku,on_hand,as_of\nwh-north,A,99,2024-05-01\n", "old.csv");

        Assert.Equal("older than the stored position (as of 2024-05-02)", Assert.Single(report.FirstRejects).Reason);
        Assert.Equal(10, Assert.Single(await temp.Store.GetInventoryAsync()).OnHand);
    }

    [Fact]
    public async Task Inventory_reload_writes_new_and_changed_positions_counts_identical_ones_as_duplicates_and_rejects_older_ones()
    {
        using var temp = NewStore();
        await temp.SeedReferenceAsync();
        await temp.Load(IngestKind.Inventory, "warehouse,sku,on_hand,as_of\nwh-north,A,10,2024-05-02\nwh-north,B,4,2024-05-02\nwh-south,A,7,2024-05-02\n", "day1.csv");

        var report = await temp.Load(IngestKind.Inventory,
            "warehouse,sku,on_hand,as_of\nwh-north,A,10,2024-05-02\nwh-north,B,6,2024-05-03\nwh-south,A,1,2024-05-01\nwh-south,C,3,2024-05-03\n", "day2.csv");
        var stored = (await temp.Store.GetInventoryAsync()).ToDictionary(p => (p.Warehouse, p.Sku), p => p.OnHand);

        Assert.Equal(new IngestCounts(4, 2, 1, 1), report.Counts); // B changed and C new; A identical; south A older
        Assert.Equal(("older than the stored position (as of 2024-05-02)", 4L), (Assert.Single(report.FirstRejects).Reason, report.FirstRejects[0].Line));
        Assert.Equal(new Dictionary<(string, string), int> { [("wh-north", "A")] = 10, [("wh-north", "B")] = 6, [("wh-south", "A")] = 7, [("wh-south", "C")] = 3 }, stored);
    }
}

public sealed class CatalogAndInventoryIngestTestsOnSqlite : CatalogAndInventoryIngestTests
{
    protected override StoreKind Kind => StoreKind.Sqlite;
}

public sealed class CatalogAndInventoryIngestTestsOnPostgres : CatalogAndInventoryIngestTests
{
    protected override StoreKind Kind => StoreKind.Postgres;
}
