using System.Globalization;
using System.Text;
using Forecasting.Pipeline.Ingest;
using Forecasting.Storage.Abstractions;

namespace Forecasting.Storage.Tests.Ingest;

/// <summary>Re-sent and corrected demand files: only new and changed rows are written, and the outcome is that of a
/// clean load of the final file.</summary>
public abstract class DemandReloadTests : StoreContractTests
{
    private const string Header = "sku,region,date,units,returns,views,searches,cart_adds,wishlist_adds\n";

    private const string Contents = """
        SELECT s.sku, r.region, d.day, d.units, d.returns, d.views, d.searches, d.cart_adds, d.wishlist_adds
        FROM demand d JOIN skus s ON s.id = d.sku_id JOIN regions r ON r.id = d.region_id
        ORDER BY s.sku, r.region, d.day
        """;

    private const string FirstFile = """
        A,north,2024-01-01,1,0,10,1,0,0
        A,south,2024-01-01,2,0,5,0,0,0
        B,north,2024-01-02,3,1,0,0,0,0
        C,south,2024-01-03,5,0,0,0,1,0

        """;

    // Batches of 3 rows read: lines 2-4, 5-7, 8-10, 11.
    private const string FinalFile = """
        A,north,2024-01-01,1,0,10,1,0,0
        A,south,2024-01-01,2,0,6,0,0,0
        C,north,2024-01-04,2,,,,,
        B,north,2024-01-02,3,1,0,0,0,0
        A,north,2024-01-01,9,,,,,
        X,north,2024-01-02,1,,,,,
        A,north,2024-01-05,oops,,,,,
        C,south,2024-01-03,5,0,0,0,1,1
        C,north,2024-01-04,3,,,,,
        C,south,2024-01-04,1,,,,,

        """;

    [Fact]
    public async Task A_reload_with_changed_unchanged_new_and_rejected_rows_counts_each_and_ends_as_a_clean_load_of_the_final_file()
    {
        using var temp = NewStore();
        using var clean = NewStore();
        await temp.SeedReferenceAsync();
        await clean.SeedReferenceAsync();
        var options = new IngestOptions { BatchSize = 3 };
        await temp.Load(IngestKind.Demand, Header + FirstFile, "demand.csv", options);

        var reload = await temp.Load(IngestKind.Demand, Header + FinalFile, "demand.csv", options);
        var fresh = await clean.Load(IngestKind.Demand, Header + FinalFile, "demand.csv", options);

        Assert.Equal(new IngestCounts(10, 4, 4, 2), reload.Counts); // changed 3 and 9, new 4 and 11; unchanged 2 and 5
        Assert.Equal(new IngestCounts(10, 6, 4, 0), fresh.Counts);
        Assert.Equal(clean.Rows(Contents), temp.Rows(Contents));
        Assert.Equal(
            ["6 sku,region,date duplicate key: same sku, region and date as line 2", "7 sku unknown SKU 'X' (not in the catalog; load the catalog first or pass --auto-register)",
             "8 units 'oops' is not a number", "10 sku,region,date duplicate key: same sku, region and date as line 4"],
            (await temp.Store.GetRejectsAsync("demand.csv")).OrderBy(r => r.Line).Select(r => $"{r.Line} {r.Field} {r.Reason}"));
        Assert.Equal(
            (await clean.Store.GetRejectsAsync("demand.csv")).Select(r => (r.Line, r.Field, r.Reason)),
            (await temp.Store.GetRejectsAsync("demand.csv")).Select(r => (r.Line, r.Field, r.Reason)));

        // Only the rows that changed carry the re-load (what scoring looks for); the unchanged ones keep the first load.
        Assert.Equal(4, temp.Scalar("SELECT count(*) FROM demand WHERE load_id = (SELECT max(id) FROM ingest_loads)"));
    }

    [Fact]
    public async Task An_identical_reload_writes_nothing_and_leaves_every_row_with_the_load_that_wrote_it()
    {
        using var temp = NewStore();
        await temp.SeedReferenceAsync();
        await temp.Load(IngestKind.Demand, Header + FinalFile, "demand.csv", new IngestOptions { BatchSize = 3 });
        var before = temp.Rows("SELECT day, sku_id, region_id, load_id, line FROM demand ORDER BY day, sku_id, region_id");

        var again = await temp.Load(IngestKind.Demand, Header + FinalFile, "demand-again.csv", new IngestOptions { BatchSize = 4 });

        Assert.Equal(new IngestCounts(10, 0, 4, 6), again.Counts);
        Assert.Equal(before, temp.Rows("SELECT day, sku_id, region_id, load_id, line FROM demand ORDER BY day, sku_id, region_id"));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task A_shuffled_file_with_keys_repeated_across_many_batches_keeps_each_keys_first_line(int seed)
    {
        // Rows in no order, many keys repeated with other values, some of them already stored: the first line of a
        // key wins wherever its repeats fall, as a key-by-key reading of the file says.
        var random = new Random(seed);
        string[] skus = ["A", "B", "C"], regions = ["north", "south"];
        var lines = new List<(string Sku, string Region, int Day, int Units)>();
        for (int i = 0; i < 400; i++)
        {
            lines.Add((skus[random.Next(3)], regions[random.Next(2)], random.Next(40), random.Next(5)));
        }

        using var temp = NewStore();
        await temp.SeedReferenceAsync();
        var stored = new StringBuilder(Header);
        for (int day = 0; day < 40; day += 2)
        {
            stored.Append(CultureInfo.InvariantCulture, $"A,north,{Date(day)},{day % 5},,,,,\n");
        }

        await temp.Load(IngestKind.Demand, stored.ToString(), "history.csv");
        var expected = new Dictionary<(string, string, int), int>();
        for (int day = 0; day < 40; day += 2)
        {
            expected[("A", "north", day)] = day % 5;
        }

        var file = new StringBuilder(Header);
        var firstOfKey = new HashSet<(string, string, int)>();
        long accepted = 0, duplicates = 0;
        foreach (var (sku, region, day, units) in lines)
        {
            file.Append(CultureInfo.InvariantCulture, $"{sku},{region},{Date(day)},{units},,,,,\n");
            if (firstOfKey.Add((sku, region, day)))
            {
                bool same = expected.TryGetValue((sku, region, day), out int before) && before == units;
                (accepted, duplicates) = same ? (accepted, duplicates + 1) : (accepted + 1, duplicates);
                expected[(sku, region, day)] = units;
            }
        }

        var report = await temp.Load(IngestKind.Demand, file.ToString(), "shuffled.csv", new IngestOptions { BatchSize = 37 });

        Assert.Equal(new IngestCounts(lines.Count, accepted, lines.Count - firstOfKey.Count, duplicates), report.Counts);
        Assert.Equal(
            expected.OrderBy(e => e.Key.Item1, StringComparer.Ordinal).ThenBy(e => e.Key.Item2, StringComparer.Ordinal).ThenBy(e => e.Key.Item3).Select(e => $"{e.Key.Item1},{e.Key.Item2},{e.Key.Item3},{e.Value}"),
            temp.Rows("SELECT s.sku, r.region, d.day, d.units FROM demand d JOIN skus s ON s.id = d.sku_id JOIN regions r ON r.id = d.region_id ORDER BY s.sku, r.region, d.day")
                .Select(row => row.Split(',') is [var s, var r, var d, var u] ? $"{s},{r},{int.Parse(d, CultureInfo.InvariantCulture) - new DateOnly(2024, 1, 1).DayNumber},{u}" : row));
    }

    private static string Date(int day) => new DateOnly(2024, 1, 1).AddDays(day).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

public sealed class DemandReloadTestsOnSqlite : DemandReloadTests
{
    protected override StoreKind Kind => StoreKind.Sqlite;
}

public sealed class DemandReloadTestsOnPostgres : DemandReloadTests
{
    protected override StoreKind Kind => StoreKind.Postgres;
}
