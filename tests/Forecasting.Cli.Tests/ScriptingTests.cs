using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Forecasting.Core.Forecasting;
using Forecasting.Pipeline.Training;
using Forecasting.Storage;
using Forecasting.Storage.Abstractions;
using Parquet;
using Parquet.Schema;

namespace Forecasting.Cli.Tests;

/// <summary>The CLI in scripts: plain piped output, machine-readable listings, read commands that create nothing, forecast export.</summary>
public sealed class ScriptingTests
{
    [Fact]
    public async Task Piped_output_has_no_escape_byte_and_is_not_wrapped_even_under_a_colour_terminal_type()
    {
        using var temp = new TempFolder();
        string database = temp.File("store.db");
        string longName = "a key for the nightly planning export robot of the northern european warehouses team";
        var created = await RunProcessAsync(temp, "keys", "create", "--name", longName, "--role", "ops", "--db", database);
        var listed = await RunProcessAsync(temp, "keys", "list", "--db", database);
        var failed = await RunProcessAsync(temp, "keys", "list", "--db", temp.File("missing.db"));

        foreach (var (exit, output) in new[] { created, listed })
        {
            Assert.True(exit == 0, output);
        }

        Assert.All(new[] { created.Output, listed.Output, failed.Output }, output => Assert.DoesNotContain('\u001b', output));
        Assert.Contains(listed.Output.Split('\n'), line => line.Contains(longName, StringComparison.Ordinal)); // one line: no wrap at 80 columns
        Assert.Contains("missing.db: no such store", failed.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_read_command_given_a_store_that_does_not_exist_fails_and_creates_nothing()
    {
        using var temp = new TempFolder();
        string missing = temp.File("nothing-here.db");

        var (exit, output) = await CliRunner.RunAsync("keys", "list", "--db", missing);
        var (exported, exportOutput) = await CliRunner.RunAsync("forecasts", "export", "--db", missing, "--out", temp.File("f.csv"));

        Assert.Equal(CliApp.ExitError, exit);
        Assert.Equal(CliApp.ExitError, exported);
        Assert.Contains("nothing-here.db: no such store", output, StringComparison.Ordinal);
        Assert.Contains("nothing-here.db: no such store", exportOutput, StringComparison.Ordinal);
        Assert.False(File.Exists(missing));
        Assert.False(File.Exists(temp.File("f.csv")));
    }

    [Fact]
    public async Task Listings_print_csv_and_json_that_parse_back_to_the_same_rows()
    {
        using var temp = new TempFolder();
        string database = temp.File("store.db");
        Assert.Equal(0, (await CliRunner.RunAsync("keys", "create", "--name", "ops, \"night\" bot", "--role", "ops", "--db", database)).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync("keys", "create", "--name", "planner", "--role", "planner", "--db", database)).ExitCode);

        var (csvExit, csv) = await CliRunner.RunAsync("keys", "list", "--db", database, "--format", "csv");
        var (jsonExit, json) = await CliRunner.RunAsync("keys", "list", "--db", database, "--format", "json");

        Assert.Equal((0, 0), (csvExit, jsonExit));
        var lines = csv.TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal("id,name,owner,role,prefix,created,by,revoked", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("1,\"ops, \"\"night\"\" bot\",", lines[1], StringComparison.Ordinal);
        Assert.Contains(",ops,fk_", lines[1], StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json);
        var items = document.RootElement.EnumerateArray().ToList();
        Assert.Equal(2, items.Count);
        Assert.Equal(1, items[0].GetProperty("id").GetInt64());
        Assert.Equal("ops, \"night\" bot", items[0].GetProperty("name").GetString());
        Assert.Equal("planner", items[1].GetProperty("role").GetString());
        Assert.Equal(JsonValueKind.Null, items[1].GetProperty("revoked").ValueKind);
    }

    [Fact]
    public async Task Rejects_and_proposals_list_print_csv_and_json()
    {
        using var temp = new TempFolder();
        Assert.Equal(0, (await CliRunner.RunAsync("generate", "--skus", "8", "--regions", "4", "--days", "60", "--out", temp.File("data"))).ExitCode);
        string database = temp.File("store.db");
        foreach (var (kind, file) in new[] { ("network", "network.json"), ("catalog", "catalog.csv") })
        {
            Assert.Equal(0, (await CliRunner.RunAsync("ingest", kind, temp.File($"data/{file}"), "--db", database)).ExitCode);
        }

        var lines = File.ReadAllLines(temp.File("data/demand.csv"));
        File.WriteAllLines(temp.File("demand.csv"), [lines[0], lines[1], "NO-SUCH-SKU,x,2025-01-01,1", lines[2]]);
        Assert.Equal(0, (await CliRunner.RunAsync("ingest", "demand", temp.File("demand.csv"), "--db", database)).ExitCode);

        var (rejectsExit, csv) = await CliRunner.RunAsync("rejects", "--db", database, "--format", "csv");
        var (listExit, json) = await CliRunner.RunAsync("proposals", "list", "--db", database, "--format", "json");

        Assert.Equal((0, 0), (rejectsExit, listExit));
        var rows = csv.TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal("source,line,field,reason,value", rows[0]);
        Assert.Contains(",3,", rows[1], StringComparison.Ordinal); // the third line of the file
        Assert.Equal(2, rows.Length);
        using var document = JsonDocument.Parse(json);
        Assert.Equal(JsonValueKind.Array, document.RootElement.ValueKind);
        Assert.Equal(0, document.RootElement.GetArrayLength()); // nothing planned yet: an empty array, not a table
    }

    [Fact]
    public async Task Forecasts_export_round_trips_the_stored_forecasts_exactly_as_csv_and_parquet()
    {
        using var temp = new TempFolder();
        var (database, store) = await SmallStoreAsync(temp);
        var run = await new ForecastTrainer(store, store).RunAsync(new Forecasting.Core.Forecasting.Models.SesForecaster(), new TrainingOptions());
        var stored = (await store.ReadForecastsAsync(run.Id)).OrderBy(r => (r.Sku, r.Region, r.TargetDate, r.Model)).ToList();

        var (csvExit, csvOutput) = await CliRunner.RunAsync("forecasts", "export", "--db", database, "--format", "csv", "--out", temp.File("f.csv"));
        var (pqExit, pqOutput) = await CliRunner.RunAsync("forecasts", "export", "--db", database, "--run", run.Id.ToString(CultureInfo.InvariantCulture), "--format", "parquet", "--out", temp.File("f.parquet"));

        Assert.True(csvExit == 0, csvOutput);
        Assert.True(pqExit == 0, pqOutput);
        var csvLines = File.ReadAllLines(temp.File("f.csv"));
        Assert.Equal("unique_id,sku,region,ds,model,mean,p10,p50,p90", csvLines[0]);
        var fromCsv = csvLines.Skip(1).Select(l => l.Split(',')).Select(f => (Id: f[0], Record: new ForecastRecord(run.Id, f[1], f[2], DateOnly.ParseExact(f[3], "yyyy-MM-dd", CultureInfo.InvariantCulture), 0, f[4],
            double.Parse(f[5], CultureInfo.InvariantCulture), double.Parse(f[6], CultureInfo.InvariantCulture), double.Parse(f[7], CultureInfo.InvariantCulture), double.Parse(f[8], CultureInfo.InvariantCulture)))).ToList();
        Assert.All(fromCsv, r => Assert.Equal(r.Record.Sku + "|" + r.Record.Region, r.Id));
        Assert.Equal(Comparable(stored), Comparable(fromCsv.Select(r => r.Record).OrderBy(r => (r.Sku, r.Region, r.TargetDate, r.Model))));
        Assert.Equal(Comparable(stored), Comparable((await ReadParquetAsync(temp.File("f.parquet"), run.Id)).OrderBy(r => (r.Sku, r.Region, r.TargetDate, r.Model))));
        Assert.Equal(stored.Count, csvLines.Length - 1);
        Assert.True(stored.Count > 0 && stored.Count % 28 == 0);
    }

    [Fact]
    public async Task Forecasts_export_of_a_parent_level_has_the_levels_attributes_as_keys_and_adds_up_to_the_total()
    {
        using var temp = new TempFolder();
        var (database, store) = await SmallStoreAsync(temp);
        await new ForecastTrainer(store, store).RunAsync(new Forecasting.Core.Forecasting.Models.SesForecaster(), new TrainingOptions { Horizon = 7 });

        var (cellExit, cellOutput) = await CliRunner.RunAsync("forecasts", "export", "--db", database, "--level", "category,region", "--out", temp.File("cells.csv"));
        var (totalExit, totalOutput) = await CliRunner.RunAsync("forecasts", "export", "--db", database, "--level", "total", "--out", temp.File("total.csv"));
        var (badExit, badOutput) = await CliRunner.RunAsync("forecasts", "export", "--db", database, "--level", "color", "--out", temp.File("bad.csv"));

        Assert.True(cellExit == 0, cellOutput);
        Assert.True(totalExit == 0, totalOutput);
        var cells = File.ReadAllLines(temp.File("cells.csv"));
        var total = File.ReadAllLines(temp.File("total.csv"));
        Assert.Equal("category,region,ds,mean,p10,p50,p90", cells[0]);
        Assert.Equal("ds,mean,p10,p50,p90", total[0]);
        Assert.Equal(7, total.Length - 1);
        var cellSums = cells.Skip(1).Select(l => l.Split(',')).GroupBy(f => f[2]).ToDictionary(g => g.Key, g => g.Sum(f => double.Parse(f[3], CultureInfo.InvariantCulture)));
        foreach (var fields in total.Skip(1).Select(l => l.Split(',')))
        {
            double mean = double.Parse(fields[1], CultureInfo.InvariantCulture);
            Assert.True(Math.Abs(cellSums[fields[0]] - mean) <= 1e-6 * Math.Max(1, mean), $"{fields[0]}: cells add up to {cellSums[fields[0]]}, the total is {mean}");
        }

        Assert.NotEqual(0, badExit);
        Assert.Contains("sku,region | sku | category,region | category | region | total", badOutput, StringComparison.Ordinal);
        Assert.False(File.Exists(temp.File("bad.csv")));
    }

    /// <summary>A generated platform of 12 SKUs x 4 regions x 120 days ingested into a new SQLite store by the CLI.</summary>
    private static async Task<(string Database, IForecastingStore Store)> SmallStoreAsync(TempFolder temp)
    {
        Assert.Equal(0, (await CliRunner.RunAsync("generate", "--skus", "12", "--regions", "4", "--days", "120", "--out", temp.File("data"))).ExitCode);
        string database = temp.File("store.db");
        foreach (var (kind, file) in new[] { ("network", "network.json"), ("catalog", "catalog.csv"), ("demand", "demand.csv") })
        {
            Assert.Equal(0, (await CliRunner.RunAsync("ingest", kind, temp.File($"data/{file}"), "--db", database)).ExitCode);
        }

        return (database, await StoreFactory.OpenAsync(database));
    }

    private static List<string> Comparable(IEnumerable<ForecastRecord> rows) =>
        rows.Select(r => string.Join(',', r.Sku, r.Region, r.TargetDate.ToString("O", CultureInfo.InvariantCulture), r.Model,
            BitConverter.DoubleToInt64Bits(r.Mean), BitConverter.DoubleToInt64Bits(r.P10), BitConverter.DoubleToInt64Bits(r.P50), BitConverter.DoubleToInt64Bits(r.P90))).ToList();

    private static async Task<List<ForecastRecord>> ReadParquetAsync(string path, long runId)
    {
        await using var stream = File.OpenRead(path);
        await using var reader = await ParquetReader.CreateAsync(stream, new ParquetOptions { UseDateOnlyTypeForDates = true });
        var fields = reader.Schema.GetDataFields().ToDictionary(f => f.Name);
        var rows = new List<ForecastRecord>();
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            int n = checked((int)group.RowCount);
            var sku = new string?[n];
            var region = new string?[n];
            var model = new string?[n];
            var ds = new DateOnly[n];
            var values = Enumerable.Range(0, 4).Select(_ => new double[n]).ToArray();
            await group.ReadAsync(fields["sku"], sku.AsMemory());
            await group.ReadAsync(fields["region"], region.AsMemory());
            await group.ReadAsync(fields["model"], model.AsMemory());
            await group.ReadAsync<DateOnly>(fields["ds"], ds.AsMemory());
            string[] names = ["mean", "p10", "p50", "p90"];
            for (int c = 0; c < 4; c++)
            {
                await group.ReadAsync<double>(fields[names[c]], values[c].AsMemory());
            }

            for (int i = 0; i < n; i++)
            {
                rows.Add(new ForecastRecord(runId, sku[i]!, region[i]!, ds[i], 0, model[i]!, values[0][i], values[1][i], values[2][i], values[3][i]));
            }
        }

        return rows;
    }

    /// <summary>Runs the forecasting command as its own process with stdout piped, under a colour terminal type.</summary>
    private static async Task<(int ExitCode, string Output)> RunProcessAsync(TempFolder temp, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = temp.Path, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(typeof(CliApp).Assembly.Location);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["TERM"] = "xterm-256color";
        start.Environment["COLORTERM"] = "truecolor";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
