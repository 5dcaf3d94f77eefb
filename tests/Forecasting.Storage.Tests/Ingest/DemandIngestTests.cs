using System.Text;
using Forecasting.Storage.Files;
using Forecasting.Storage.Abstractions;
using Forecasting.Pipeline.Ingest;

namespace Forecasting.Storage.Tests.Ingest;

public abstract class DemandIngestTests : StoreContractTests
{
    private const string Header = "sku,region,date,units,returns,views,searches,cart_adds,wishlist_adds\n";

    private async Task<(TempStore Temp, IngestReport Report)> LoadAsync(string body, IngestOptions? options = null, string header = Header)
    {
        var temp = NewStore();
        await temp.SeedReferenceAsync();
        var report = await temp.Load(IngestKind.Demand, header + body, "demand.csv", options);
        return (temp, report);
    }

    private static void AssertSingleReject(IngestReport report, long line, string field, string reason)
    {
        var reject = Assert.Single(report.FirstRejects);
        Assert.Equal(("demand.csv", line, field, reason), (reject.Source, reject.Line, reject.Field, reject.Reason));
        Assert.Equal(1, report.Counts.Rejected);
    }

    private static void AssertAddsUp(IngestReport report) =>
        Assert.Equal(report.Counts.RowsRead, report.Counts.Accepted + report.Counts.Rejected + report.Counts.Duplicates);

    [Fact]
    public async Task Ingest_ValidRows_StoresEverySignal()
    {
        var (temp, report) = await LoadAsync("A,north,2024-01-01,3,1,40,5,2,1\nA,south,2024-01-01,0,0,7,0,0,0\n");
        using var _ = temp;

        Assert.Equal(new IngestCounts(2, 2, 0, 0), report.Counts);
        Assert.Equal(3, temp.Scalar("SELECT units FROM demand d JOIN regions r ON r.id = d.region_id WHERE r.region = 'north'"));
        Assert.Equal(40, temp.Scalar("SELECT views FROM demand d JOIN regions r ON r.id = d.region_id WHERE r.region = 'north'"));
        Assert.Equal(1, temp.Scalar("SELECT wishlist_adds FROM demand d JOIN regions r ON r.id = d.region_id WHERE r.region = 'north'"));
    }

    [Fact]
    public async Task Ingest_SameFileTwice_SecondLoadIsAllDuplicatesAndChangesNothing()
    {
        var body = "A,north,2024-01-01,3,1,40,5,2,1\nA,north,2024-01-02,1,0,4,0,0,0\nB,south,2024-01-03,2,0,1,1,1,0\nX,north,2024-01-01,1,0,0,0,0,0\n";
        var (temp, first) = await LoadAsync(body);
        using var _ = temp;
        long sumBefore = temp.Scalar("SELECT SUM(units * 1000 + views) FROM demand");

        var second = await temp.Load(IngestKind.Demand, Header + body, "demand.csv");

        Assert.Equal(new IngestCounts(4, 3, 1, 0), first.Counts);
        Assert.Equal(new IngestCounts(4, 0, 1, 3), second.Counts);
        Assert.Equal(3, temp.Scalar("SELECT COUNT(*) FROM demand"));
        Assert.Equal(sumBefore, temp.Scalar("SELECT SUM(units * 1000 + views) FROM demand"));
        Assert.Single(await temp.Store.GetRejectsAsync("demand.csv")); // each load keeps its own rejects; the latest is shown
        Assert.Equal(2, temp.Scalar("SELECT COUNT(*) FROM ingest_rejects"));
    }

    [Fact]
    public async Task Ingest_ChangedValueOnReload_CountsAsAcceptedAndUpdates()
    {
        var (temp, _) = await LoadAsync("A,north,2024-01-01,3,,,,,\n");
        using var __ = temp;

        var report = await temp.Load(IngestKind.Demand, Header + "A,north,2024-01-01,5,,,,,\n", "demand-fix.csv");

        Assert.Equal(new IngestCounts(1, 1, 0, 0), report.Counts);
        Assert.Equal(5, temp.Scalar("SELECT units FROM demand"));
    }

    [Fact]
    public async Task Ingest_BomCrlfQuotesAndEmptyLines_AreHandled()
    {
        var text = "sku,region,date,units\r\n\r\n\"A\",\"north\",\"2024-01-01\",\"4\"\r\n\r\nA,south,2024-01-01,2\r\n";
        using var temp = NewStore();
        await temp.SeedReferenceAsync();
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(text)).ToArray();

        var report = await temp.Load(IngestKind.Demand, bytes, "demand.csv");

        Assert.Equal(new IngestCounts(2, 2, 0, 0), report.Counts);
        Assert.Equal(6, temp.Scalar("SELECT SUM(units) FROM demand"));
    }

    [Fact]
    public async Task Ingest_QuotedFieldWithCommaAndQuote_ReportsTheWholeValue()
    {
        var (temp, report) = await LoadAsync("\"A, \"\"the\"\" dress\",north,2024-01-01,1,,,,,\n");
        using var _ = temp;

        AssertSingleReject(report, 2, "sku", "unknown SKU 'A, \"the\" dress' (not in the catalog; load the catalog first or pass --auto-register)");
    }

    [Theory]
    [InlineData("2024-13-01", "'2024-13-01' is not a valid date")]
    [InlineData("2024-02-30", "'2024-02-30' is not a valid date")]
    [InlineData("01/02/2024", "'01/02/2024' is not a date in yyyy-MM-dd (pass --date-format for other formats)")]
    [InlineData("yesterday", "'yesterday' is not a date in yyyy-MM-dd (pass --date-format for other formats)")]
    [InlineData("", "required value is empty")]
    public async Task Ingest_BadDate_IsRejectedWithReason(string date, string reason)
    {
        var (temp, report) = await LoadAsync($"A,north,2024-01-01,1,,,,,\nA,north,{date},1,,,,,\n");
        using var _ = temp;

        AssertSingleReject(report, 3, "date", reason);
        Assert.Equal(1, report.Counts.Accepted);
        AssertAddsUp(report);
    }

    [Fact]
    public async Task Ingest_DateFormatGiven_AcceptsThatFormatAndIso()
    {
        var (temp, report) = await LoadAsync("A,north,02/01/2024,1,,,,,\nA,north,2024-01-03,1,,,,,\nA,north,31/02/2024,1,,,,,\n", new IngestOptions { DateFormat = "dd/MM/yyyy" });
        using var _ = temp;

        AssertSingleReject(report, 4, "date", "'31/02/2024' is not a date in yyyy-MM-dd or dd/MM/yyyy");
        Assert.Equal(new DateOnly(2024, 1, 2).DayNumber, temp.Scalar("SELECT MIN(day) FROM demand"));
    }

    [Theory]
    [InlineData("abc", "units", "'abc' is not a number")]
    [InlineData("-3", "units", "negative value -3 is not allowed")]
    [InlineData("NaN", "units", "'NaN' is not a finite number")]
    [InlineData("Infinity", "units", "'Infinity' is not a finite number")]
    [InlineData("-Infinity", "units", "'-Infinity' is not a finite number")]
    [InlineData("2.5", "units", "'2.5' is not a whole number")]
    [InlineData("", "units", "required value is empty")]
    public async Task Ingest_BadUnits_IsRejectedWithReason(string units, string field, string reason)
    {
        var (temp, report) = await LoadAsync($"A,north,2024-01-01,{units},,,,,\n");
        using var _ = temp;

        AssertSingleReject(report, 2, field, reason);
        Assert.Equal(0, temp.Scalar("SELECT COUNT(*) FROM demand"));
    }

    [Fact]
    public async Task Ingest_WholeNumberWrittenAsDecimal_IsAccepted()
    {
        var (temp, report) = await LoadAsync("A,north,2024-01-01,2.0,,1e2,,,\n");
        using var _ = temp;

        Assert.Equal(1, report.Counts.Accepted);
        Assert.Equal(100, temp.Scalar("SELECT views FROM demand"));
    }

    [Fact]
    public async Task Ingest_NegativeOptionalSignal_IsRejectedOnThatField()
    {
        var (temp, report) = await LoadAsync("A,north,2024-01-01,1,,-2,,,\n");
        using var _ = temp;

        AssertSingleReject(report, 2, "views", "negative value -2 is not allowed");
    }

    [Fact]
    public async Task Ingest_UnknownSkuAndRegion_AreRejected()
    {
        var (temp, report) = await LoadAsync("Z,north,2024-01-01,1,,,,,\nA,mars,2024-01-01,1,,,,,\n");
        using var _ = temp;

        Assert.Equal(2, report.Counts.Rejected);
        Assert.Equal("unknown SKU 'Z' (not in the catalog; load the catalog first or pass --auto-register)", report.FirstRejects[0].Reason);
        Assert.Equal(("region", "unknown region 'mars' (not in the network; load the network first or pass --auto-register)"), (report.FirstRejects[1].Field, report.FirstRejects[1].Reason));
    }

    [Fact]
    public async Task Ingest_UnknownWithAutoRegister_RegistersAndLoads()
    {
        var (temp, report) = await LoadAsync("Z,north,2024-01-01,1,,,,,\nZ,mars,2024-01-01,1,,,,,\n", new IngestOptions { AutoRegister = true });
        using var _ = temp;

        Assert.Equal(new IngestCounts(2, 2, 0, 0), report.Counts);
        Assert.Equal(1, temp.Scalar("SELECT COUNT(*) FROM skus WHERE sku = 'Z' AND auto_registered = 1"));
        Assert.Equal(1, temp.Scalar("SELECT COUNT(*) FROM regions WHERE region = 'mars' AND auto_registered = 1"));
    }

    [Fact]
    public async Task Ingest_DuplicateKeyWithinFile_RejectsTheLaterRow()
    {
        var (temp, report) = await LoadAsync("A,north,2024-01-01,1,,,,,\nA,south,2024-01-01,1,,,,,\nA,north,2024-01-01,9,,,,,\n");
        using var _ = temp;

        AssertSingleReject(report, 4, "sku,region,date", "duplicate key: same sku, region and date as line 2");
        Assert.Equal(1, temp.Scalar("SELECT units FROM demand d JOIN regions r ON r.id = d.region_id WHERE r.region = 'north'"));
    }

    [Fact]
    public async Task Ingest_DuplicateKeyWithinFileOnReload_StillRejected()
    {
        var body = "A,north,2024-01-01,1,,,,,\nA,north,2024-01-01,1,,,,,\n";
        var (temp, _) = await LoadAsync(body);
        using var __ = temp;

        var second = await temp.Load(IngestKind.Demand, Header + body, "demand.csv");

        Assert.Equal(new IngestCounts(2, 0, 1, 1), second.Counts);
    }

    [Fact]
    public async Task Ingest_WrongFieldCount_RejectsRow()
    {
        var (temp, report) = await LoadAsync("A,north,2024-01-01\n", header: "sku,region,date,units\n");
        using var _ = temp;

        AssertSingleReject(report, 2, "row", "has 3 fields but the header has 4");
    }

    [Fact]
    public async Task Ingest_EmptyFile_FailsWithClearErrorAndStoresNothing()
    {
        using var temp = NewStore();
        await temp.SeedReferenceAsync();

        var error = await Assert.ThrowsAsync<IngestFormatException>(() => temp.Load(IngestKind.Demand, "", "demand.csv"));

        Assert.Equal("demand.csv: the file is empty (expected a header row with sku, region, date, units).", error.Message);
        Assert.Equal(0, temp.Scalar("SELECT COUNT(*) FROM ingest_loads WHERE kind = 'Demand'"));
    }

    [Fact]
    public async Task Ingest_HeaderOnly_LoadsNothingAndSucceeds()
    {
        var (temp, report) = await LoadAsync("");
        using var _ = temp;

        Assert.Equal(IngestCounts.Zero, report.Counts);
        Assert.Equal("completed", report.Status);
    }

    [Fact]
    public async Task Ingest_MissingRequiredColumn_FailsBeforeAnyRow()
    {
        using var temp = NewStore();
        await temp.SeedReferenceAsync();

        var error = await Assert.ThrowsAsync<IngestFormatException>(() => temp.Load(IngestKind.Demand, "sku,region,day,units\nA,north,2024-01-01,1\n", "demand.csv"));

        Assert.Equal("demand.csv: line 1: missing required column 'date'; the header has sku, region, day, units. Nothing was loaded.", error.Message);
        Assert.Equal(0, temp.Scalar("SELECT COUNT(*) FROM demand"));
    }

    [Fact]
    public async Task Ingest_ColumnMap_ReadsMappedColumns()
    {
        var (temp, report) = await LoadAsync("north,A,2024-01-05,7\n", new IngestOptions { ColumnMap = IngestOptions.ParseColumnMap("sku=Article, region=Area,date=Day,units=Qty") }, header: "Area,Article,Day,Qty\n");
        using var _ = temp;

        Assert.Equal(1, report.Counts.Accepted);
        Assert.Equal(7, temp.Scalar("SELECT units FROM demand"));
    }

    [Fact]
    public async Task Ingest_ManyBatches_CountsAddUpAndRejectsAreStored()
    {
        var body = new StringBuilder();
        for (int day = 0; day < 250; day++)
        {
            var date = new DateOnly(2024, 1, 1).AddDays(day).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            body.Append("A,north,").Append(date).Append(day % 50 == 0 ? ",oops" : ",1").Append(",,,,,\n");
        }

        var (temp, report) = await LoadAsync(body.ToString(), new IngestOptions { BatchSize = 16 });
        using var _ = temp;

        Assert.Equal(new IngestCounts(250, 245, 5, 0), report.Counts);
        Assert.Equal(5, temp.Scalar("SELECT COUNT(*) FROM ingest_rejects"));
        Assert.Equal(245, temp.Scalar("SELECT COUNT(*) FROM demand"));
        Assert.Equal(250, temp.Scalar("SELECT rows_read FROM ingest_loads WHERE kind = 'Demand'"));
    }

    [Fact]
    public async Task Ingest_CancelledMidway_KeepsWholeBatchesAndRerunCompletes()
    {
        var body = new StringBuilder(Header);
        for (int day = 0; day < 100; day++)
        {
            body.Append("A,north,").Append(new DateOnly(2024, 1, 1).AddDays(day).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).Append(",1,,,,,\n");
        }

        using var temp = NewStore();
        await temp.SeedReferenceAsync();
        using var cancel = new CancellationTokenSource();
        var progress = new SynchronousProgress(p =>
        {
            if (p.RowsRead >= 30)
            {
                cancel.Cancel();
            }
        });
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(body.ToString()));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => temp.Ingest.IngestAsync(IngestKind.Demand, stream, "demand.csv", new IngestOptions { BatchSize = 10 }, progress, cancel.Token));
        long afterCancel = temp.Scalar("SELECT COUNT(*) FROM demand");
        var rerun = await temp.Load(IngestKind.Demand, body.ToString(), "demand.csv", new IngestOptions { BatchSize = 10 });

        // Whole batches only: the three counted before the cancel, and on PostgreSQL possibly the one written
        // alongside the third (two batches of new days are written at once there).
        Assert.Contains(afterCancel, (long[])(Kind == StoreKind.Postgres ? [30, 40] : [30]));
        Assert.Equal("cancelled", temp.Scalar("SELECT COUNT(*) FROM ingest_loads WHERE status = 'cancelled'") == 1 ? "cancelled" : "missing");
        Assert.Equal(new IngestCounts(100, 100 - afterCancel, 0, afterCancel), rerun.Counts);
        Assert.Equal(100, temp.Scalar("SELECT COUNT(*) FROM demand"));
    }

    private sealed class SynchronousProgress(Action<IngestProgress> report) : IProgress<IngestProgress>
    {
        public void Report(IngestProgress value) => report(value);
    }
}

public sealed class DemandIngestTestsOnSqlite : DemandIngestTests
{
    protected override StoreKind Kind => StoreKind.Sqlite;
}

public sealed class DemandIngestTestsOnPostgres : DemandIngestTests
{
    protected override StoreKind Kind => StoreKind.Postgres;
}
