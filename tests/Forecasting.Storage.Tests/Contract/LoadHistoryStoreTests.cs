using Forecasting.Pipeline.Ingest;
using Forecasting.Storage.Abstractions;

namespace Forecasting.Storage.Tests.Contract;

/// <summary>Every load is listed, newest first, with how it ended and its counts.</summary>
public abstract class LoadHistoryStoreTests : StoreContractTests
{
    [Fact]
    public async Task Loads_are_listed_newest_first_with_their_status_and_counts()
    {
        using var temp = NewStore();
        Assert.Empty(await temp.Store.ListLoadsAsync());
        await temp.Load(IngestKind.Catalog, "sku,category,launch_date,price,unit_cost,case_pack\nS1,dresses,,10,4,1\n", "catalog.csv");
        var report = await temp.Load(IngestKind.Demand, "sku,region,date,units\nS1,north,2026-01-05,3\nS1,north,2026-01-06,x\nS1,north,2026-01-07,4\n", "demand.csv", new IngestOptions { AutoRegister = true });

        var loads = await temp.Store.ListLoadsAsync();
        Assert.Equal(["demand.csv", "catalog.csv"], loads.Select(l => Path.GetFileName(l.Source)));
        var demand = loads[0];
        Assert.Equal((LoadStatus.Completed, 3L, 2L, 1L, 0L), (demand.Status, demand.RowsRead!.Value, demand.Accepted!.Value, demand.Rejected!.Value, demand.Duplicates!.Value));
        Assert.Equal((report.Counts.RowsRead, report.Counts.Accepted, report.Counts.Rejected), (demand.RowsRead.Value, demand.Accepted.Value, demand.Rejected.Value));
        Assert.True(demand.FinishedAt >= demand.StartedAt);
        Assert.Single(await temp.Store.ListLoadsAsync(limit: 1));
    }
}

public sealed class LoadHistoryStoreTestsOnSqlite : LoadHistoryStoreTests
{
    protected override StoreKind Kind => StoreKind.Sqlite;
}

public sealed class LoadHistoryStoreTestsOnPostgres : LoadHistoryStoreTests
{
    protected override StoreKind Kind => StoreKind.Postgres;
}
