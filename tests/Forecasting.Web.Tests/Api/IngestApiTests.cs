using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Forecasting.Storage.Files;
using Forecasting.Storage;
using Forecasting.Storage.Abstractions;
using Forecasting.Pipeline.Ingest;

namespace Forecasting.Web.Tests.Api;

public sealed class IngestApiTests
{
    private const string Csv = "sku,region,date,units,views\nA,north,2024-01-01,2,30\nA,north,2024-01-02,0,12\nB,south,2024-01-01,5,50\nB,south,2024-01-01,6,50\nC,north,2024-01-40,1,1\n";

    [Fact]
    public async Task CSV_through_the_API_stores_what_the_CLI_stores_and_JSON_is_the_same_rows()
    {
        await using var server = await ApiServer.StartAsync(postgres: false);
        string folder = Directory.CreateTempSubdirectory("forecasting-cli-twin-").FullName;
        string file = Path.Combine(folder, "demand.csv");
        await File.WriteAllTextAsync(file, Csv);
        var twin = await StoreFactory.OpenAsync(Path.Combine(folder, "twin.db"));

        var response = await server.Client.SendAsync(server.Request(HttpMethod.Post, "/api/ingest/demand?autoRegister=true", Roles.Ops, new StringContent(Csv, Encoding.UTF8, "text/csv")));
        var cli = await new IngestService(twin).IngestFileAsync(IngestKind.Demand, file, new IngestOptions { AutoRegister = true });
        var json = JsonSerializer.Serialize(new object[]
        {
            new { sku = "A", region = "north", date = "2024-01-01", units = 2, views = 30 },
            new { sku = "A", region = "north", date = "2024-01-02", units = 0, views = 12 },
            new { sku = "B", region = "south", date = "2024-01-01", units = 5, views = 50 },
        });
        var again = await server.Client.SendAsync(server.Request(HttpMethod.Post, "/api/ingest/demand", Roles.Admin, new StringContent(json, Encoding.UTF8, "application/json")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((cli.Counts.RowsRead, cli.Counts.Accepted, cli.Counts.Rejected, cli.Counts.Duplicates),
            (report.GetProperty("rowsRead").GetInt64(), report.GetProperty("accepted").GetInt64(), report.GetProperty("rejected").GetInt64(), report.GetProperty("duplicates").GetInt64()));
        Assert.Equal((5L, 3L, 2L), (cli.Counts.RowsRead, cli.Counts.Accepted, cli.Counts.Rejected)); // a repeated key and a bad date
        Assert.Equal(cli.FirstRejects.Select(r => (r.Line, r.Field)), report.GetProperty("firstRejects").EnumerateArray().Select(r => (r.GetProperty("line").GetInt64(), r.GetProperty("field").GetString()!)));
        Assert.Equal(await Units(twin), await Units(server.Store));
        var second = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((3L, 0L, 3L), (second.GetProperty("rowsRead").GetInt64(), second.GetProperty("accepted").GetInt64(), second.GetProperty("duplicates").GetInt64()));
    }

    [Fact]
    public async Task Bodies_that_cannot_be_loaded_are_400_naming_the_problem_and_only_ops_and_admins_ingest()
    {
        await using var server = await ApiServer.StartAsync(postgres: false);

        var missing = await server.Client.SendAsync(server.Request(HttpMethod.Post, "/api/ingest/demand", Roles.Ops, new StringContent("sku,date,units\nA,2024-01-01,1\n", Encoding.UTF8, "text/csv")));
        var malformed = await server.Client.SendAsync(server.Request(HttpMethod.Post, "/api/ingest/demand", Roles.Ops, new StringContent("[{\"sku\": ", Encoding.UTF8, "application/json")));
        var unknownKind = await server.Client.SendAsync(server.Request(HttpMethod.Post, "/api/ingest/weather", Roles.Ops, new StringContent("a\n1\n", Encoding.UTF8, "text/csv")));
        var planner = await server.Client.SendAsync(server.Request(HttpMethod.Post, "/api/ingest/demand", Roles.Planner, new StringContent(Csv, Encoding.UTF8, "text/csv")));

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.NotFound, HttpStatusCode.Forbidden), (missing.StatusCode, malformed.StatusCode, unknownKind.StatusCode, planner.StatusCode));
        Assert.Contains("region", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, (await server.Store.GetDemandSummaryAsync()).Rows);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_NUL_byte_a_5_MB_key_and_a_far_future_date_are_rejects_of_their_rows_and_the_valid_rows_load(bool postgres)
    {
        await using var server = await ApiServer.StartAsync(postgres);
        string csv = $"sku,region,date,units\nA,north,2024-01-01,2\nA\0B,north,2024-01-01,1\n{new string('S', 5 * 1024 * 1024)},north,2024-01-01,1\nA,north,2999-01-01,9\n";

        var response = await server.Client.SendAsync(server.Request(HttpMethod.Post, "/api/ingest/demand?autoRegister=true", Roles.Ops, new StringContent(csv, Encoding.UTF8, "text/csv")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((4L, 1L, 3L), (report.GetProperty("rowsRead").GetInt64(), report.GetProperty("accepted").GetInt64(), report.GetProperty("rejected").GetInt64()));
        Assert.Equal([(3L, "sku"), (4L, "sku"), (5L, "date")], report.GetProperty("firstRejects").EnumerateArray().Select(r => (r.GetProperty("line").GetInt64(), r.GetProperty("field").GetString()!)));
        Assert.Equal("A/north:2", await Units(server.Store));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_body_whose_every_row_is_rejected_is_422_with_the_counts_and_the_reasons(bool postgres)
    {
        await using var server = await ApiServer.StartAsync(postgres);

        var response = await server.Client.SendAsync(server.Request(HttpMethod.Post, "/api/ingest/demand?autoRegister=true", Roles.Ops, new StringContent("sku,region,date,units\nA,north,2999-01-01,1\nA,north,2024-01-01,x\n", Encoding.UTF8, "text/csv")));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("allRejected").GetBoolean());
        Assert.Equal((2L, 0L, 2L), (problem.GetProperty("rowsRead").GetInt64(), problem.GetProperty("accepted").GetInt64(), problem.GetProperty("rejected").GetInt64()));
        Assert.Contains("nothing was loaded", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(["date", "units"], problem.GetProperty("firstRejects").EnumerateArray().Select(r => r.GetProperty("field").GetString()!));
        Assert.Equal(0, (await server.Store.GetDemandSummaryAsync()).Rows);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Repeated_order_lines_all_count_and_excluded_codes_are_counted_apart_through_the_API(bool postgres)
    {
        await using var server = await ApiServer.StartAsync(postgres);
        const string Orders = "order_id,sku,quantity,timestamp,region\no1,A,2,2024-03-01T10:00:00,north\no1,A,2,2024-03-01T10:00:00,north\no1,POST,1,2024-03-01T10:00:00,north\n";

        var first = await server.Client.SendAsync(server.Request(HttpMethod.Post, "/api/ingest/orders?autoRegister=true&excludeSku=POST", Roles.Ops, new StringContent(Orders, Encoding.UTF8, "text/csv")));
        var badPattern = await server.Client.SendAsync(server.Request(HttpMethod.Post, "/api/ingest/orders?excludeSku=POST(", Roles.Ops, new StringContent(Orders, Encoding.UTF8, "text/csv")));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var report = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((3L, 2L, 0L, 1L), (report.GetProperty("rowsRead").GetInt64(), report.GetProperty("accepted").GetInt64(), report.GetProperty("rejected").GetInt64(), report.GetProperty("excluded").GetInt64()));
        Assert.Equal("A/north:4", await Units(server.Store));
        Assert.Equal(HttpStatusCode.BadRequest, badPattern.StatusCode);
        Assert.Contains("excludeSku", await badPattern.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<string> Units(IForecastingStore store)
    {
        var series = new List<string>();
        await foreach (var s in store.ReadDailySeriesAsync())
        {
            series.Add($"{s.Key.Sku}/{s.Key.Region}:{string.Join(' ', s.Values.ToArray())}");
        }

        return string.Join("; ", series.Order(StringComparer.Ordinal));
    }
}
