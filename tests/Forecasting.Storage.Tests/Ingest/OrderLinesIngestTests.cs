using Forecasting.Storage.Files;
using Forecasting.Storage.Abstractions;
using Forecasting.Pipeline.Ingest;

namespace Forecasting.Storage.Tests.Ingest;

public abstract class OrderLinesIngestTests : StoreContractTests
{
    private static readonly IngestOptions RetailMapping = new()
    {
        ColumnMap = IngestOptions.ParseColumnMap("order_id=InvoiceNo,sku=StockCode,quantity=Quantity,timestamp=InvoiceDate,region=Country,price=UnitPrice"),
        DateFormat = "M/d/yyyy H:mm",
    };

    private const string Retail = """
        InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,Country
        536365,A,"DRESS, RED",6,12/1/2024 8:26,2.55,north
        536366,A,"DRESS, RED",2,12/1/2024 17:02,2.55,north
        536367,B,JEANS,1,12/1/2024 9:00,3.10,south
        C536368,A,"DRESS, RED",-1,12/2/2024 10:00,2.55,north
        536369,A,"DRESS, RED",3,2024-12-02T11:30:00,2.55,north
        536370,A,"DRESS, RED",0,12/2/2024 12:00,2.55,north
        """;

    [Fact]
    public async Task Ingest_MappedRetailExport_AggregatesToDays()
    {
        using var temp = NewStore();
        await temp.SeedReferenceAsync();

        var report = await temp.Load(IngestKind.OrderLines, Retail, "orders.csv", RetailMapping);

        Assert.Equal(new IngestCounts(6, 5, 1, 0), report.Counts);
        Assert.Equal(("quantity", "quantity 0 is not an order line"), (report.FirstRejects[0].Field, report.FirstRejects[0].Reason));
        var dec1 = new DateOnly(2024, 12, 1).DayNumber;
        var dec2 = new DateOnly(2024, 12, 2).DayNumber;
        Assert.Equal(8, temp.Scalar($"SELECT units FROM demand d JOIN skus s ON s.id = d.sku_id WHERE s.sku = 'A' AND day = {dec1}"));
        Assert.Equal(3, temp.Scalar($"SELECT units FROM demand d JOIN skus s ON s.id = d.sku_id WHERE s.sku = 'A' AND day = {dec2}"));
        Assert.Equal(1, temp.Scalar($"SELECT returns FROM demand d JOIN skus s ON s.id = d.sku_id WHERE s.sku = 'A' AND day = {dec2}"));
    }

    [Fact]
    public async Task Ingest_OrdersTwice_IsIdempotent()
    {
        using var temp = NewStore();
        await temp.SeedReferenceAsync();
        await temp.Load(IngestKind.OrderLines, Retail, "orders.csv", RetailMapping);

        var second = await temp.Load(IngestKind.OrderLines, Retail, "orders.csv", RetailMapping);

        Assert.Equal(new IngestCounts(6, 0, 1, 5), second.Counts);
        Assert.Equal(6 + 2 + 1 + 3, temp.Scalar("SELECT SUM(units) FROM demand"));
        Assert.Equal(1, temp.Scalar("SELECT SUM(returns) FROM demand"));
        Assert.Single(await temp.Store.GetRejectsAsync("orders.csv")); // each load keeps its own rejects; the latest is shown
        Assert.Equal(2, temp.Scalar("SELECT COUNT(*) FROM ingest_rejects"));
    }

    [Fact]
    public async Task Ingest_LaterFileAddsLinesToTheSameDay_RecomputesTheDayTotal()
    {
        using var temp = NewStore();
        await temp.SeedReferenceAsync();
        await temp.Load(IngestKind.OrderLines, "order_id,sku,quantity,timestamp,region\no1,A,2,2024-03-01T10:00:00,north\n", "a.csv");

        await temp.Load(IngestKind.OrderLines, "order_id,sku,quantity,timestamp,region\no2,A,5,2024-03-01T18:00:00,north\n", "b.csv");

        Assert.Equal(7, temp.Scalar("SELECT units FROM demand"));
    }

    [Fact]
    public async Task Repeated_order_lines_of_a_retail_export_all_count_and_loading_the_file_again_changes_nothing()
    {
        // UCI Online Retail repeats (invoice, stock code, timestamp) on separate lines: each is real units.
        using var temp = NewStore();
        await temp.SeedReferenceAsync();
        const string Orders = "order_id,sku,quantity,timestamp,region\no1,A,2,2024-03-01T10:00:00,north\no1,A,2,2024-03-01T10:00:00,north\no1,A,5,2024-03-01T10:00:00,north\no2,B,1,2024-03-01T11:00:00,south\n";

        var first = await temp.Load(IngestKind.OrderLines, Orders, "a.csv");
        var again = await temp.Load(IngestKind.OrderLines, Orders, "a.csv");

        Assert.Equal(new IngestCounts(4, 4, 0, 0), first.Counts);
        Assert.Empty(first.FirstRejects);
        Assert.Equal(new IngestCounts(4, 0, 0, 4), again.Counts);
        Assert.Equal(9, temp.Scalar("SELECT units FROM demand d JOIN skus s ON s.id = d.sku_id WHERE s.sku = 'A'"));
        Assert.Equal(4, temp.Scalar("SELECT COUNT(*) FROM order_lines"));
    }

    [Fact]
    public async Task Repeated_order_lines_split_across_batches_count_once_each_and_an_interrupted_load_completes_on_a_rerun()
    {
        using var temp = NewStore();
        await temp.SeedReferenceAsync();
        var lines = string.Concat(Enumerable.Repeat("o1,A,1,2024-03-01T10:00:00,north\n", 5)) + "o2,B,3,2024-03-02T09:00:00,south\n";
        string orders = "order_id,sku,quantity,timestamp,region\n" + lines;
        var options = new IngestOptions { BatchSize = 2 };

        // Interrupted after its first batch (the progress report of a batch comes once it is stored).
        using var cancel = new CancellationTokenSource();
        using (var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(orders)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                temp.Ingest.IngestAsync(IngestKind.OrderLines, stream, "big.csv", options, new CancelAfterFirstBatch(cancel), cancel.Token));
        }

        long storedAfterInterruption = temp.Scalar("SELECT COUNT(*) FROM order_lines");
        var rerun = await temp.Load(IngestKind.OrderLines, orders, "big.csv", options);
        var again = await temp.Load(IngestKind.OrderLines, orders, "big.csv", options);

        Assert.InRange(storedAfterInterruption, 2, 5); // whole batches only, and not the whole file
        Assert.Equal(new IngestCounts(6, 6 - storedAfterInterruption, 0, storedAfterInterruption), rerun.Counts);
        Assert.Equal(new IngestCounts(6, 0, 0, 6), again.Counts);
        Assert.Equal(5, temp.Scalar("SELECT units FROM demand d JOIN skus s ON s.id = d.sku_id WHERE s.sku = 'A'"));
        Assert.Equal(3, temp.Scalar("SELECT units FROM demand d JOIN skus s ON s.id = d.sku_id WHERE s.sku = 'B'"));
    }

    [Fact]
    public async Task Excluded_SKU_codes_are_dropped_without_registering_them_and_counted_under_their_own_reason()
    {
        using var temp = NewStore();
        await temp.SeedReferenceAsync();
        const string Orders = "order_id,sku,quantity,timestamp,region\no1,A,2,2024-03-01T10:00:00,north\no1,POST,1,2024-03-01T10:00:00,north\no2,BANK CHARGES,1,2024-03-01T11:00:00,north\no3,POSTCARD,1,2024-03-01T12:00:00,north\no4,B,x,2024-03-01T12:00:00,north\n";
        var options = new IngestOptions { ExcludeSku = "POST|DOT|BANK CHARGES", AutoRegister = true };

        var report = await temp.Load(IngestKind.OrderLines, Orders, "orders.csv", options);

        var c = report.Counts;
        Assert.Equal(new IngestCounts(5, 2, 1, 0, 2), c); // POSTCARD is a product: the pattern matches whole codes
        Assert.Equal(c.RowsRead, c.Accepted + c.Duplicates + c.Rejected + c.Excluded);
        Assert.Equal(0, temp.Scalar("SELECT COUNT(*) FROM skus WHERE sku IN ('POST', 'BANK CHARGES')"));
        Assert.Equal(1, temp.Scalar("SELECT COUNT(*) FROM skus WHERE sku = 'POSTCARD'"));
        Assert.Equal(2, temp.Scalar("SELECT excluded FROM ingest_loads WHERE source = 'orders.csv'"));
        Assert.Equal("quantity", Assert.Single(report.FirstRejects).Field);
    }

    [Fact]
    public async Task An_exclusion_pattern_that_is_not_a_regular_expression_fails_before_anything_is_stored()
    {
        using var temp = NewStore();
        await temp.SeedReferenceAsync();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => temp.Load(IngestKind.OrderLines, "order_id,sku,quantity,timestamp,region\no1,A,2,2024-03-01T10:00:00,north\n", "a.csv", new IngestOptions { ExcludeSku = "POST(" }));

        Assert.Contains("--exclude-sku 'POST(' is not a valid regular expression", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, temp.Scalar("SELECT COUNT(*) FROM order_lines"));
    }

    /// <summary>Cancels the load once its first batch is stored and counted.</summary>
    private sealed class CancelAfterFirstBatch(CancellationTokenSource cancel) : IProgress<IngestProgress>
    {
        public void Report(IngestProgress value) => cancel.Cancel();
    }

    [Fact]
    public async Task Ingest_BadTimestamp_IsRejectedWithReason()
    {
        using var temp = NewStore();
        await temp.SeedReferenceAsync();

        var report = await temp.Load(IngestKind.OrderLines, "order_id,sku,quantity,timestamp,region\no1,A,2,03/01/2024 10:00,north\n", "a.csv");

        var reject = Assert.Single(report.FirstRejects);
        Assert.Equal(("timestamp", "'03/01/2024 10:00' is not an ISO 8601 timestamp (pass --date-format for other formats)"), (reject.Field, reject.Reason));
    }

    [Fact]
    public async Task Ingest_MissingMappedColumn_NamesBothNames()
    {
        using var temp = NewStore();
        await temp.SeedReferenceAsync();
        var options = new IngestOptions { ColumnMap = IngestOptions.ParseColumnMap("sku=StockCode") };

        var error = await Assert.ThrowsAsync<IngestFormatException>(() => temp.Load(IngestKind.OrderLines, "order_id,sku,quantity,timestamp,region\n", "a.csv", options));

        Assert.Contains("missing required column 'StockCode' (mapped from sku)", error.Message, StringComparison.Ordinal);
    }
}

public sealed class OrderLinesIngestTestsOnSqlite : OrderLinesIngestTests
{
    protected override StoreKind Kind => StoreKind.Sqlite;
}

public sealed class OrderLinesIngestTestsOnPostgres : OrderLinesIngestTests
{
    protected override StoreKind Kind => StoreKind.Postgres;
}
