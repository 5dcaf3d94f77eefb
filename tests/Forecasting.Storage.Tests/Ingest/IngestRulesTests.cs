using System.Text;
using Forecasting.Storage.Files;
using Forecasting.Storage.Abstractions;
using Forecasting.Pipeline.Ingest;

namespace Forecasting.Storage.Tests.Ingest;

/// <summary>
/// The <see cref="IngestRules"/> on both stores: implausible dates, over-long fields and NUL characters are
/// rejects of their row (with a reason naming the field) and the rest of the file loads.
/// </summary>
public abstract class IngestRulesTests : StoreContractTests
{
    /// <summary>"Today" of these tests: 2025-06-10 at 09:30 UTC.</summary>
    private static readonly FixedClock Today = new(new DateTimeOffset(2025, 6, 10, 9, 30, 0, TimeSpan.Zero));

    private static async Task<IngestReport> LoadAsync(TempStore temp, IngestKind kind, string content, IngestOptions? options = null, IngestRules? rules = null, string source = "in.csv")
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(content));
        return await new IngestService(temp.Store, Today, rules).IngestAsync(kind, stream, source, options);
    }

    private static void AssertAddsUp(IngestCounts c) => Assert.Equal(c.RowsRead, c.Accepted + c.Duplicates + c.Rejected + c.Excluded);

    [Fact]
    public async Task A_demand_row_dated_after_today_plus_the_tolerance_or_before_the_earliest_date_is_rejected_naming_the_date()
    {
        using var temp = NewStore();
        await temp.SeedReferenceAsync();

        var report = await LoadAsync(temp, IngestKind.Demand, """
            sku,region,date,units
            A,north,2025-06-12,3
            A,north,2025-06-13,4
            A,north,2999-01-01,5
            A,south,2000-01-01,1
            A,south,1999-12-31,1
            """);

        Assert.Equal(new IngestCounts(5, 2, 3, 0), report.Counts);
        Assert.Equal(
            [
                (3L, "date", "2025-06-13 is in the future: the latest date accepted is 2025-06-12 (today + 2 days, Forecasting:Ingest:FutureToleranceDays)"),
                (4L, "date", "2999-01-01 is in the future: the latest date accepted is 2025-06-12 (today + 2 days, Forecasting:Ingest:FutureToleranceDays)"),
                (6L, "date", "1999-12-31 is before the earliest date accepted, 2000-01-01 (Forecasting:Ingest:EarliestDate)"),
            ],
            report.FirstRejects.Select(r => (r.Line, r.Field, r.Reason)));
        Assert.Equal(new DateOnly(2025, 6, 12).DayNumber, temp.Scalar("SELECT MAX(day) FROM demand"));
    }

    [Fact]
    public async Task The_date_window_follows_the_configured_rules_and_applies_to_order_timestamps_and_inventory_as_of()
    {
        using var temp = NewStore();
        await temp.SeedReferenceAsync();
        var rules = new IngestRules { FutureToleranceDays = 0, EarliestDate = new DateOnly(2025, 1, 1) };

        var demand = await LoadAsync(temp, IngestKind.Demand, "sku,region,date,units\nA,north,2025-06-10,1\nA,north,2025-06-11,1\nA,north,2024-12-31,1\n", rules: rules);
        var orders = await LoadAsync(temp, IngestKind.OrderLines, "order_id,sku,quantity,timestamp,region\no1,A,1,2025-06-10T23:59:00,north\no2,A,1,2025-06-11T00:01:00,north\n", rules: rules);
        var inventory = await LoadAsync(temp, IngestKind.Inventory, "warehouse,sku,on_hand,as_of\nwh-north,A,5,2999-01-01\nwh-south,A,5,2025-06-09\n", rules: rules);

        Assert.Equal(new IngestCounts(3, 1, 2, 0), demand.Counts);
        Assert.Equal(("timestamp", 3L), (Assert.Single(orders.FirstRejects).Field, orders.FirstRejects[0].Line));
        Assert.Equal(new IngestCounts(2, 1, 1, 0), orders.Counts);
        Assert.Equal(("as_of", 2L), (Assert.Single(inventory.FirstRejects).Field, inventory.FirstRejects[0].Line));
        Assert.Contains("today + 0 days", inventory.FirstRejects[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_rules_are_refused_with_a_message_naming_each_setting()
    {
        using var temp = NewStore();

        var error = Assert.Throws<ArgumentException>(() => new IngestService(temp.Store, Today, new IngestRules { FutureToleranceDays = -1, MaxKeyLength = 0 }));

        Assert.Contains("Forecasting:Ingest:FutureToleranceDays must be between 0 and 366 (was -1)", error.Message, StringComparison.Ordinal);
        Assert.Contains("Forecasting:Ingest:MaxKeyLength must be between 1 and 1024 (was 0)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_longer_than_64_characters_is_rejected_even_with_auto_register_and_is_not_registered()
    {
        using var temp = NewStore();
        await temp.SeedReferenceAsync();
        string longSku = new('S', 65);
        string longestSku = new('S', 64);

        var report = await LoadAsync(temp, IngestKind.Demand, $"sku,region,date,units\n{longSku},north,2025-06-01,1\n{longestSku},north,2025-06-01,2\n", new IngestOptions { AutoRegister = true });

        Assert.Equal(new IngestCounts(2, 1, 1, 0), report.Counts);
        var reject = Assert.Single(report.FirstRejects);
        Assert.Equal((2L, "sku", "is 65 characters long; the longest key accepted is 64 (Forecasting:Ingest:MaxKeyLength)"), (reject.Line, reject.Field, reject.Reason));
        Assert.Equal(0, temp.Scalar($"SELECT COUNT(*) FROM skus WHERE sku = '{longSku}'"));
        Assert.Equal(1, temp.Scalar($"SELECT COUNT(*) FROM skus WHERE sku = '{longestSku}'"));
    }

    [Fact]
    public async Task A_NUL_character_in_any_field_rejects_its_row_and_the_rest_of_the_file_loads()
    {
        using var temp = NewStore();
        await temp.SeedReferenceAsync();

        var demand = await LoadAsync(temp, IngestKind.Demand, "sku,region,date,units\nA,north,2025-06-01,1\nA\0X,north,2025-06-02,1\nB,nor\0th,2025-06-02,1\nC,north,2025-06-02,7\n", new IngestOptions { AutoRegister = true });
        var orders = await LoadAsync(temp, IngestKind.OrderLines, "order_id,sku,quantity,timestamp,region\no\01,A,1,2025-06-03T10:00:00,north\no2,A,3,2025-06-03T10:00:00,north\n", new IngestOptions { AutoRegister = true }, source: "orders.csv");
        var catalog = await LoadAsync(temp, IngestKind.Catalog, "sku,category\nA,dre\0sses\nD,shoes\n", source: "catalog2.csv");

        Assert.Equal(new IngestCounts(4, 2, 2, 0), demand.Counts);
        Assert.Equal(
            [(3L, "sku", "A\\0X"), (4L, "region", "nor\\0th")],
            demand.FirstRejects.Select(r => (r.Line, r.Field, r.Value!)));
        Assert.All(demand.FirstRejects, r => Assert.Equal("contains a NUL character (U+0000), which a text field cannot hold", r.Reason));
        Assert.Equal(new IngestCounts(2, 1, 1, 0), orders.Counts);
        Assert.Equal("order_id", Assert.Single(orders.FirstRejects).Field);
        Assert.Equal(new IngestCounts(2, 1, 1, 0), catalog.Counts);
        Assert.Equal("category", Assert.Single(catalog.FirstRejects).Field);
        Assert.Equal(1 + 7 + 3, temp.Scalar("SELECT SUM(units) FROM demand"));
        Assert.Equal(4, (await temp.Store.GetRejectsAsync(allLoads: true)).Count); // stored with the NUL made visible
    }

    [Fact]
    public async Task A_5_MB_field_rejects_its_row_and_the_rest_of_the_file_loads()
    {
        using var temp = NewStore();
        await temp.SeedReferenceAsync();
        string huge = new('x', 5 * 1024 * 1024);

        var demand = await LoadAsync(temp, IngestKind.Demand, $"sku,region,date,units\n{huge},north,2025-06-01,1\nA,north,2025-06-01,{huge}\nA,north,2025-06-02,4\n", new IngestOptions { AutoRegister = true });
        var orders = await LoadAsync(temp, IngestKind.OrderLines, $"order_id,sku,quantity,timestamp,region\n{huge},A,1,2025-06-03T10:00:00,north\no2,A,3,2025-06-03T10:00:00,north\n", source: "orders.csv");
        var catalog = await LoadAsync(temp, IngestKind.Catalog, $"sku,category\nE,{huge}\nF,shoes\n", source: "catalog2.csv");

        Assert.Equal(new IngestCounts(3, 1, 2, 0), demand.Counts);
        Assert.Equal(
            [(2L, "sku", "is 5,242,880 characters long; the longest key accepted is 64 (Forecasting:Ingest:MaxKeyLength)"), (3L, "units", "is 5,242,880 characters long; the longest value accepted is 256 (Forecasting:Ingest:MaxFieldLength)")],
            demand.FirstRejects.Select(r => (r.Line, r.Field, r.Reason)));
        Assert.All(demand.FirstRejects, r => Assert.Equal(200, r.Value!.Length));
        Assert.Equal(new IngestCounts(2, 1, 1, 0), orders.Counts);
        Assert.Equal(new IngestCounts(2, 1, 1, 0), catalog.Counts);
        Assert.Equal(4 + 3, temp.Scalar("SELECT SUM(units) FROM demand"));
        AssertAddsUp(demand.Counts);
    }
}

public sealed class IngestRulesTestsOnSqlite : IngestRulesTests
{
    protected override StoreKind Kind => StoreKind.Sqlite;
}

public sealed class IngestRulesTestsOnPostgres : IngestRulesTests
{
    protected override StoreKind Kind => StoreKind.Postgres;
}
