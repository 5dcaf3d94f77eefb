using System.Net;
using System.Net.Sockets;

namespace Forecasting.Cli.Tests;

public sealed class CliAppTests
{
    [Fact]
    public async Task A_database_that_stays_away_past_the_retry_budget_ends_the_command_with_one_line_and_exit_75()
    {
        using var temp = new TempFolder();
        await File.WriteAllTextAsync(temp.File("short.json"), """
            { "Forecasting": { "Resilience": { "RetryBudget": "00:00:01", "MaxRetryDelay": "00:00:00.200" }, "Schedules": {} } }
            """);
        string unreachable = $"Host=127.0.0.1;Port={FreePort.Next()};Username=postgres;Timeout=2";

        var (exit, output) = await CliRunner.RunAsync("run", "--job", "ingest", "--config", temp.File("short.json"), "--db", unreachable);

        Assert.Equal(CliApp.ExitStoreUnavailable, exit);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("error: database unavailable: PostgreSQL unreachable (after ", line, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", output.Replace("attempts", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void An_unforeseen_exception_is_reported_in_one_line_naming_its_type_with_its_own_exit_code()
    {
        var output = new StringWriter();
        var console = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings { Out = new Spectre.Console.AnsiConsoleOutput(output), Ansi = Spectre.Console.AnsiSupport.No });
        console.Profile.Width = 200;

        int exit = CliApp.Report(console, new NullReferenceException("Object reference not set\nto an instance of an object."));

        Assert.Equal(CliApp.ExitUnexpected, exit);
        Assert.Equal("error: unexpected NullReferenceException: Object reference not set to an instance of an object.", output.ToString().Trim());
    }

}
