using System.Globalization;
using Forecasting.Cli.Commands;

namespace Forecasting.Cli.Tests;

public class SimulateCommandTests
{
    [Fact]
    public async Task Simulate_on_a_generated_platform_writes_one_row_per_policy_with_the_issue_columns_and_a_report()
    {
        using var temp = new TempFolder();
        var generated = await CliRunner.RunAsync("generate", "--skus", "30", "--regions", "4", "--days", "120", "--seed", "31", "--out", temp.File("platform"));
        Assert.True(generated.ExitCode == 0, generated.Output);

        var (exit, output) = await CliRunner.RunAsync("simulate", "--platform", temp.File("platform"), "--weeks", "4", "--model", "snaive",
            "--out", temp.File("kpis.csv"), "--report", temp.File("report.html"));

        Assert.True(exit == 0, output);
        var lines = File.ReadAllLines(temp.File("kpis.csv"));
        Assert.Equal("policy,local_fill_rate,mean_delivery_days,lost_units,lost_revenue,split_shipments,transfer_units,transfer_cost,holding_cost,avg_inventory,profit,oracle_gain_share,predicted_benefit,realised_benefit", lines[0]);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToDictionary(f => f[0], StringComparer.Ordinal);
        Assert.Equal(["none", "reactive", "sales-only", "anticipatory", "oracle"], rows.Keys);
        Assert.All(rows.Values, f => Assert.Equal(14, f.Length));
        Assert.Equal(("0", "1"), (rows["none"][11], rows["oracle"][11]));
        Assert.Equal("0", rows["none"][6]); // none moves nothing
        Assert.All(rows.Values, f => Assert.True(double.Parse(f[10], CultureInfo.InvariantCulture) <= double.Parse(rows["oracle"][10], CultureInfo.InvariantCulture)));
        Assert.Equal(("", ""), (rows["reactive"][12], rows["reactive"][13])); // no planner predictions
        Assert.NotEqual("", rows["anticipatory"][12]);
        string report = File.ReadAllText(temp.File("report.html"));
        Assert.Contains("Local fill rate per week", report, StringComparison.Ordinal);
        Assert.Contains("<svg", report, StringComparison.Ordinal);
        Assert.Contains("replayed 28 days", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulate_without_data_or_with_too_little_history_says_what_is_missing()
    {
        using var temp = new TempFolder();
        var none = await CliRunner.RunAsync("simulate", "--weeks", "2");
        Assert.Equal(CliApp.ExitError, none.ExitCode);
        Assert.Contains("--platform DIR", none.Output, StringComparison.Ordinal);

        await CliRunner.RunAsync("generate", "--skus", "5", "--regions", "4", "--days", "60", "--seed", "3", "--out", temp.File("p"));
        var tooLong = await CliRunner.RunAsync("simulate", "--platform", temp.File("p"), "--weeks", "8", "--out", temp.File("k.csv"));
        Assert.Equal(CliApp.ExitError, tooLong.ExitCode);
        Assert.Contains("at least 28 are needed", tooLong.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(temp.File("k.csv")));

        var badPolicy = await CliRunner.RunAsync("simulate", "--platform", temp.File("p"), "--weeks", "2", "--policies", "none,psychic");
        Assert.Equal(CliApp.ExitError, badPolicy.ExitCode);
        Assert.Contains("Unknown policy 'psychic'", badPolicy.Output, StringComparison.Ordinal);

        var badWindow = await CliRunner.RunAsync("simulate", "--platform", temp.File("p"), "--weeks", "2", "--benefit-window", "forever", "--out", temp.File("k.csv"));
        Assert.Equal(CliApp.ExitError, badWindow.ExitCode);
        Assert.Contains("--benefit-window must be window or from-arrival (was 'forever')", badWindow.Output, StringComparison.Ordinal);

        var badCadence = await CliRunner.RunAsync("simulate", "--platform", temp.File("p"), "--weeks", "2", "--plan-days", "0", "--out", temp.File("k.csv"));
        Assert.Equal(CliApp.ExitError, badCadence.ExitCode);
        Assert.Contains("PlanEveryDays must be 1-364 (was 0)", badCadence.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(temp.File("k.csv")));
    }

    [Fact]
    public void Csv_columns_are_the_contract()
    {
        Assert.Equal(14, SimulateCommand.Columns.Count);
    }
}
