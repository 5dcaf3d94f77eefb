using Forecasting.Storage.Abstractions;
using Forecasting.Storage.Ingest;

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
        Assert.Equal(1, temp.Scalar("SELECT COUNT(*) FROM ingest_rejects"));
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
    public async Task Ingest_SameLineTwiceInFile_RejectsTheRepeat()
    {
        using var temp = NewStore();
        await temp.SeedReferenceAsync();

        var report = await temp.Load(IngestKind.OrderLines, "order_id,sku,quantity,timestamp,region\no1,A,2,2024-03-01T10:00:00,north\no1,A,2,2024-03-01T10:00:00,north\n", "a.csv");

        var reject = Assert.Single(report.FirstRejects);
        Assert.Equal((3L, "order_id,sku,timestamp", "duplicate key: same order_id, sku and timestamp as line 2"), (reject.Line, reject.Field, reject.Reason));
        Assert.Equal(2, temp.Scalar("SELECT units FROM demand"));
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
