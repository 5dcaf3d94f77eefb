using Forecasting.Core.Domain;
using Forecasting.Storage.Abstractions;
using Forecasting.Pipeline.Ingest;

namespace Forecasting.Storage.Tests.Contract;

public abstract class StoreSignalReadTests : StoreContractTests
{
    [Fact]
    public async Task Series_read_with_signals_carry_the_stored_views_searches_cart_and_wishlist_adds_aligned_day_for_day()
    {
        using var temp = NewStore();
        await temp.SeedReferenceAsync();
        // B launched 2024-01-03: its series and its signals start there; C has units but no signals.
        await temp.Load(IngestKind.Demand, """
            sku,region,date,units,returns,views,searches,cart_adds,wishlist_adds
            A,north,2024-01-01,0,0,10,2,1,0
            A,north,2024-01-03,2,0,30,4,3,1
            B,north,2024-01-04,1,0,7,1,0,2
            C,south,2024-01-02,5,0,0,0,0,0
            """ + "\n", "d.csv");

        var read = new List<SeriesWithSignals>();
        await foreach (var s in temp.Store.ReadDailySeriesWithSignalsAsync(null, null))
        {
            read.Add(s);
        }

        var plain = new List<DemandSeries>();
        await foreach (var s in temp.Store.ReadDailySeriesAsync())
        {
            plain.Add(s);
        }

        Assert.Equal(plain.Select(s => (s.Key, s.Start, string.Join(' ', s.Values.ToArray()))), read.Select(r => (r.Series.Key, r.Series.Start, string.Join(' ', r.Series.Values.ToArray()))));
        var a = read.Single(r => r.Series.Key == new SeriesKey("A", "north")).Signals!;
        Assert.Equal(StoredSignals.Names, a.Names);
        Assert.Equal(new DateOnly(2024, 1, 1), a.Start);
        Assert.Equal([10, 0, 30, 0], a.Column(0).ToArray());
        Assert.Equal([2, 0, 4, 0], a.Column(1).ToArray());
        Assert.Equal([1, 0, 3, 0], a.Column(2).ToArray());
        Assert.Equal([0, 0, 1, 0], a.Column(3).ToArray());
        var b = read.Single(r => r.Series.Key == new SeriesKey("B", "north")).Signals!;
        Assert.Equal((new DateOnly(2024, 1, 3), 2), (b.Start, b.Length));
        Assert.Equal([0, 7], b.Column(0).ToArray());
        Assert.Equal([0, 2], b.Column(3).ToArray());
        Assert.Null(read.Single(r => r.Series.Key.Sku == "C").Signals);
    }

    [Fact]
    public async Task Series_read_with_signals_up_to_a_day_for_some_SKUs_stop_at_that_day_and_skip_the_others()
    {
        using var temp = NewStore();
        await temp.SeedReferenceAsync();
        await temp.Load(IngestKind.Demand, "sku,region,date,units,returns,views\nA,north,2024-01-01,1,0,5\nA,north,2024-01-04,2,0,9\nC,north,2024-01-02,1,0,3\n", "d.csv");

        var read = new List<SeriesWithSignals>();
        await foreach (var s in temp.Store.ReadDailySeriesWithSignalsAsync(new DateOnly(2024, 1, 3), sku => sku == "A"))
        {
            read.Add(s);
        }

        var a = Assert.Single(read);
        Assert.Equal([1, 0, 0], a.Series.Values.ToArray());
        Assert.Equal([5, 0, 0], a.Signals!.Column(0).ToArray());
    }
}

public sealed class StoreSignalReadTestsOnSqlite : StoreSignalReadTests
{
    protected override StoreKind Kind => StoreKind.Sqlite;
}

public sealed class StoreSignalReadTestsOnPostgres : StoreSignalReadTests
{
    protected override StoreKind Kind => StoreKind.Postgres;
}
