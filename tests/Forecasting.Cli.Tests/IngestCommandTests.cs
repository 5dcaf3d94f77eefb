namespace Forecasting.Cli.Tests;

/// <summary><c>forecasting ingest</c> and <c>forecasting rejects</c>: the ingest rules seen from the command line.</summary>
public sealed class IngestCommandTests
{
    private const string Orders = "order_id,sku,quantity,timestamp,region\n";

    [Fact]
    public async Task Ingest_of_a_file_whose_every_row_is_rejected_exits_non_zero_and_says_so()
    {
        using var temp = new TempFolder();
        await File.WriteAllTextAsync(temp.File("demand.csv"), "sku,region,date,units\nA,north,2024-01-01,x\nA,north,2999-01-01,1\n");

        var (exit, output) = await CliRunner.RunAsync("ingest", "demand", temp.File("demand.csv"), "--db", temp.File("store.db"), "--auto-register");

        Assert.Equal(CliApp.ExitError, exit);
        Assert.Contains("2 rows read = 0 accepted + 2 rejected + 0 duplicates", output, StringComparison.Ordinal);
        Assert.Contains("every row was rejected: nothing was loaded", output, StringComparison.Ordinal);
        Assert.Contains("is in the future", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_of_a_file_with_a_NUL_byte_and_a_5_MB_field_loads_the_valid_rows_on_SQLite() =>
        await AssertBadFieldsAreRejectedAsync(null);

    [Fact]
    public async Task Ingest_of_a_file_with_a_NUL_byte_and_a_5_MB_field_loads_the_valid_rows_on_PostgreSQL()
    {
        using var database = new ServiceCommandTests.TestDatabase();
        await AssertBadFieldsAreRejectedAsync(database);
    }

    [Fact]
    public async Task Ingest_orders_counts_repeated_lines_and_excluded_codes_and_a_rerun_changes_nothing()
    {
        using var temp = new TempFolder();
        await File.WriteAllTextAsync(temp.File("orders.csv"), Orders
            + "536365,A,6,2024-12-01T08:26:00,north\n536365,A,6,2024-12-01T08:26:00,north\n536365,POST,1,2024-12-01T08:26:00,north\n536366,DOT,1,2024-12-01T09:00:00,north\n");
        string[] ingest = ["ingest", "orders", temp.File("orders.csv"), "--db", temp.File("store.db"), "--auto-register", "--exclude-sku", "POST|DOT"];

        var first = await CliRunner.RunAsync(ingest);
        var again = await CliRunner.RunAsync(ingest);
        var badPattern = await CliRunner.RunAsync("ingest", "orders", temp.File("orders.csv"), "--db", temp.File("store.db"), "--exclude-sku", "POST(");

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("4 rows read = 2 accepted + 0 rejected + 0 duplicates + 2 excluded (--exclude-sku)", first.Output, StringComparison.Ordinal);
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("4 rows read = 0 accepted + 0 rejected + 2 duplicates + 2 excluded (--exclude-sku)", again.Output, StringComparison.Ordinal);
        Assert.Equal(CliApp.ExitError, badPattern.ExitCode);
        Assert.Contains("--exclude-sku 'POST(' is not a valid regular expression", badPattern.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rejects_lists_the_latest_load_of_each_file_and_every_load_with_all()
    {
        using var temp = new TempFolder();
        string db = temp.File("store.db");
        await File.WriteAllTextAsync(temp.File("demand.csv"), "sku,region,date,units\nA,north,2024-01-01,3\nA,north,2024-01-02,first-bad\n");
        await CliRunner.RunAsync("ingest", "demand", temp.File("demand.csv"), "--db", db, "--auto-register");
        await File.WriteAllTextAsync(temp.File("demand.csv"), "sku,region,date,units\nA,north,2024-01-01,3\nA,north,2024-01-02,4\n");
        await CliRunner.RunAsync("ingest", "demand", temp.File("demand.csv"), "--db", db, "--auto-register");

        var latest = await CliRunner.RunAsync("rejects", "--db", db);
        var all = await CliRunner.RunAsync("rejects", "--db", db, "--all");

        Assert.Equal((0, 0), (latest.ExitCode, all.ExitCode));
        Assert.DoesNotContain("first-bad", latest.Output, StringComparison.Ordinal);
        Assert.Contains("first-bad", all.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_reads_its_rules_from_the_configuration_file_and_refuses_an_invalid_one()
    {
        using var temp = new TempFolder();
        await File.WriteAllTextAsync(temp.File("demand.csv"), "sku,region,date,units\nA,north,2024-06-01,3\nA,north,2025-06-01,4\n");
        await File.WriteAllTextAsync(temp.File("forecasting.json"), """{ "Forecasting": { "Ingest": { "EarliestDate": "2025-01-01" } } }""");
        await File.WriteAllTextAsync(temp.File("invalid.json"), """{ "Forecasting": { "Ingest": { "MaxKeyLength": 0 } } }""");

        var configured = await CliRunner.RunAsync("ingest", "demand", temp.File("demand.csv"), "--db", temp.File("store.db"), "--auto-register", "--config", temp.File("forecasting.json"));
        var invalid = await CliRunner.RunAsync("ingest", "demand", temp.File("demand.csv"), "--db", temp.File("store.db"), "--config", temp.File("invalid.json"));

        Assert.Equal(0, configured.ExitCode);
        Assert.Contains("2 rows read = 1 accepted + 1 rejected", configured.Output, StringComparison.Ordinal);
        Assert.Contains("before the earliest date accepted, 2025-01-01", configured.Output, StringComparison.Ordinal);
        Assert.Equal(CliApp.ExitError, invalid.ExitCode);
        Assert.Contains("Forecasting:Ingest:MaxKeyLength must be between 1 and 1024 (was 0)", invalid.Output, StringComparison.Ordinal);
    }

    /// <summary>A NUL byte in a SKU and a 5 MB order id are rejects of their rows; the valid rows load (exit 0).</summary>
    private static async Task AssertBadFieldsAreRejectedAsync(ServiceCommandTests.TestDatabase? postgres)
    {
        using var temp = new TempFolder();
        string db = postgres?.ConnectionString ?? temp.File("store.db");
        await File.WriteAllTextAsync(temp.File("demand.csv"), "sku,region,date,units\nA,north,2024-01-01,3\nA\0B,north,2024-01-01,1\nB,north,2024-01-01,2\n");
        await File.WriteAllTextAsync(temp.File("orders.csv"), Orders + $"{new string('9', 5 * 1024 * 1024)},A,1,2024-01-02T10:00:00,north\no2,A,5,2024-01-02T10:00:00,north\n");

        var demand = await CliRunner.RunAsync("ingest", "demand", temp.File("demand.csv"), "--db", db, "--auto-register");
        var orders = await CliRunner.RunAsync("ingest", "orders", temp.File("orders.csv"), "--db", db);
        var rejects = await CliRunner.RunAsync("rejects", "--db", db);

        Assert.Equal(0, demand.ExitCode);
        Assert.Contains("3 rows read = 2 accepted + 1 rejected + 0 duplicates", demand.Output, StringComparison.Ordinal);
        Assert.Equal(0, orders.ExitCode);
        Assert.Contains("2 rows read = 1 accepted + 1 rejected + 0 duplicates", orders.Output, StringComparison.Ordinal);
        Assert.Contains("contains a NUL character", rejects.Output, StringComparison.Ordinal);
        Assert.Contains("the longest key accepted is 64", rejects.Output, StringComparison.Ordinal);
        if (postgres is not null)
        {
            Assert.Equal(3 + 2 + 5, postgres.Scalar("SELECT SUM(units) FROM demand"));
        }
    }
}
