using System.Text;
using Forecasting.Storage.Abstractions;
using Forecasting.Storage.Files;
using Forecasting.Pipeline.Ingest;

namespace Forecasting.Storage.Tests.Ingest;

public abstract class NetworkIngestTests : StoreContractTests
{
    private static string Json(Forecasting.Core.Domain.Network network)
    {
        using var stream = new MemoryStream();
        NetworkJson.Write(stream, network);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    [Fact]
    public async Task Network_round_trips_through_the_store()
    {
        using var temp = NewStore();

        var report = await temp.Load(IngestKind.Network, Json(TempStore.SmallNetwork), "network.json");

        // 2 regions + 3 warehouses + 2 lanes.
        Assert.Equal(7, report.Counts.RowsRead);
        Assert.Equal(7, report.Counts.Accepted);
        var stored = await temp.Store.GetNetworkAsync();
        Assert.Equal(TempStore.SmallNetwork.Regions, stored.Regions);
        Assert.Equal(TempStore.SmallNetwork.Lanes.OrderBy(l => l.To), stored.Lanes.OrderBy(l => l.To));
        var north = Assert.Single(stored.Warehouses, w => w.Id == "wh-north");
        Assert.Equal(["north"], north.RegionsServed);
        Assert.True(Assert.Single(stored.Warehouses, w => w.Id == "dc").IsCentral);
    }

    [Fact]
    public async Task Same_network_twice_is_all_duplicates_and_keeps_inventory()
    {
        using var temp = NewStore();
        await temp.SeedReferenceAsync();
        await temp.Load(IngestKind.Inventory, "warehouse,sku,on_hand\nwh-north,A,5\n", "inventory.csv");

        var again = await temp.Load(IngestKind.Network, Json(TempStore.SmallNetwork), "network.json");

        Assert.Equal(0, again.Counts.Accepted);
        Assert.Equal(7, again.Counts.Duplicates);
        Assert.Equal(1, temp.Scalar("SELECT count(*) FROM inventory"));
        Assert.Equal(3, temp.Scalar("SELECT count(*) FROM warehouses"));
    }

    [Fact]
    public async Task Malformed_json_names_the_file_and_line_and_stores_nothing()
    {
        using var temp = NewStore();

        var e = await Assert.ThrowsAsync<IngestFormatException>(() => temp.Load(IngestKind.Network, "{\n  \"regions\": [\n    {\"id\": \"north\",}\n    oops\n  ]\n}", "net.json"));

        Assert.StartsWith("net.json: invalid JSON", e.Message, StringComparison.Ordinal);
        Assert.Contains("line 4", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, temp.Scalar("SELECT count(*) FROM regions"));
    }

    [Fact]
    public async Task A_lane_to_an_unknown_warehouse_is_refused_and_the_stored_network_is_kept()
    {
        using var temp = NewStore();
        await temp.Load(IngestKind.Network, Json(TempStore.SmallNetwork), "network.json");
        string broken = Json(TempStore.SmallNetwork with { Lanes = [new("dc", "wh-east", 1, 0.1m, 0)] });

        var e = await Assert.ThrowsAsync<IngestFormatException>(() => temp.Load(IngestKind.Network, broken, "network-v2.json"));

        Assert.Equal("network-v2.json: lanes[0].to 'wh-east' is not a warehouse of this network", e.Message);
        Assert.Equal(2, (await temp.Store.GetNetworkAsync()).Lanes.Count);
    }

    [Theory]
    [InlineData("""{"regions":[{"id":"n"}],"warehouses":[{"id":"w","regions_served":["s"]}]}""", "warehouses[0].regions_served[0] 's' is not a region of this network")]
    [InlineData("""{"regions":[{"id":"n"},{"id":"n"}]}""", "regions[1].id 'n' is listed twice")]
    [InlineData("""{"warehouses":[{"id":"w","latitude":91}]}""", "warehouses[0].latitude must be between -90 and 90")]
    [InlineData("""{"warehouses":[{"id":"a"},{"id":"b"}],"lanes":[{"from":"a","to":"b","lead_time_days":-1}]}""", "lanes[0].lead_time_days must be >= 0")]
    public async Task Inconsistent_network_is_refused_with_the_json_path(string json, string message)
    {
        using var temp = NewStore();

        var e = await Assert.ThrowsAsync<IngestFormatException>(() => temp.Load(IngestKind.Network, json, "n.json"));

        Assert.Equal("n.json: " + message, e.Message);
    }

    [Fact]
    public async Task A_NUL_character_or_an_over_long_id_refuses_the_network_naming_the_element_and_stores_nothing()
    {
        using var temp = NewStore();
        var nul = TempStore.SmallNetwork with { Regions = [new("north", "No\0rth", "DE"), new("south", "South", "DE")] };
        var longId = TempStore.SmallNetwork with { Regions = [.. TempStore.SmallNetwork.Regions, new(new string('r', 65), "Far", "DE")] };

        var nulError = await Assert.ThrowsAsync<IngestFormatException>(() => temp.Load(IngestKind.Network, Json(nul), "network.json"));
        var longError = await Assert.ThrowsAsync<IngestFormatException>(() => temp.Load(IngestKind.Network, Json(longId), "network.json"));

        Assert.Equal("network.json: regions[0].name contains a NUL character (U+0000), which a text field cannot hold. Nothing was loaded.", nulError.Message);
        Assert.Equal("network.json: regions[2].id is 65 characters long; the longest key accepted is 64. Nothing was loaded.", longError.Message);
        Assert.Empty((await temp.Store.GetNetworkAsync()).Regions);
    }
}

public sealed class NetworkIngestTestsOnSqlite : NetworkIngestTests
{
    protected override StoreKind Kind => StoreKind.Sqlite;
}

public sealed class NetworkIngestTestsOnPostgres : NetworkIngestTests
{
    protected override StoreKind Kind => StoreKind.Postgres;
}
