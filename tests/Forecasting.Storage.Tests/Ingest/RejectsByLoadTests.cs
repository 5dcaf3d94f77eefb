using Forecasting.Storage.Files;
using Forecasting.Storage.Abstractions;
using Forecasting.Pipeline.Ingest;

namespace Forecasting.Storage.Tests.Ingest;

/// <summary>Rejects belong to the load that found them; a load that loads nothing says so.</summary>
public abstract class RejectsByLoadTests : StoreContractTests
{
    private const string Header = "sku,region,date,units\n";

    [Fact]
    public async Task A_later_load_of_the_same_file_that_accepts_the_rows_supersedes_the_rejects_of_the_earlier_one()
    {
        using var temp = NewStore();
        await temp.SeedReferenceAsync();
        await temp.Load(IngestKind.Demand, Header + "A,north,2024-01-01,3\nA,north,2024-01-02,x\n", "demand.csv");
        await temp.Load(IngestKind.Demand, Header + "A,south,2024-01-01,1\nA,south,2024-01-02,y\nA,south,2024-01-03,z\n", "other.csv");
        var before = await temp.Store.GetRejectsAsync("demand.csv");

        var fixedLoad = await temp.Load(IngestKind.Demand, Header + "A,north,2024-01-01,3\nA,north,2024-01-02,4\n", "demand.csv");

        Assert.Equal(("units", 3L), (Assert.Single(before).Field, before[0].Line));
        Assert.Equal(new IngestCounts(2, 1, 0, 1), fixedLoad.Counts);
        Assert.Empty(await temp.Store.GetRejectsAsync("demand.csv"));
        Assert.Equal(["y", "z"], (await temp.Store.GetRejectsAsync()).Select(r => r.Value)); // other files keep their latest load's
        Assert.Equal(["x"], (await temp.Store.GetRejectsAsync("demand.csv", allLoads: true)).Select(r => r.Value));
        Assert.Equal(3, (await temp.Store.GetRejectsAsync(allLoads: true)).Count);
    }

    [Fact]
    public async Task A_load_in_which_every_row_was_rejected_reports_it_and_one_with_excluded_rows_only_does_not()
    {
        using var temp = NewStore();
        await temp.SeedReferenceAsync();

        var rejected = await temp.Load(IngestKind.Demand, Header + "A,north,2024-01-01,x\nZ,north,2024-01-01,1\n", "bad.csv");
        var someLoaded = await temp.Load(IngestKind.Demand, Header + "A,north,2024-01-01,x\nA,north,2024-01-01,1\n", "half.csv");
        var reloaded = await temp.Load(IngestKind.Demand, Header + "A,north,2024-01-01,1\n", "half.csv");
        var excludedOnly = await temp.Load(IngestKind.Demand, Header + "POST,north,2024-01-01,1\n", "post.csv", new IngestOptions { ExcludeSku = "POST" });
        var headerOnly = await temp.Load(IngestKind.Demand, Header, "empty.csv");

        Assert.True(rejected.Counts.AllRejected);
        Assert.Equal(new IngestCounts(2, 0, 2, 0), rejected.Counts);
        Assert.False(someLoaded.Counts.AllRejected);
        Assert.False(reloaded.Counts.AllRejected); // a duplicate is data the store holds
        Assert.False(excludedOnly.Counts.AllRejected);
        Assert.Equal(new IngestCounts(1, 0, 0, 0, 1), excludedOnly.Counts);
        Assert.False(headerOnly.Counts.AllRejected);
    }
}

public sealed class RejectsByLoadTestsOnSqlite : RejectsByLoadTests
{
    protected override StoreKind Kind => StoreKind.Sqlite;
}

public sealed class RejectsByLoadTestsOnPostgres : RejectsByLoadTests
{
    protected override StoreKind Kind => StoreKind.Postgres;
}
