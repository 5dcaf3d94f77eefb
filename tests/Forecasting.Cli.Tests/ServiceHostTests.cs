using System.Diagnostics;
using Forecasting.Service;

namespace Forecasting.Cli.Tests;

/// <summary>The one service host (<c>forecasting-service</c>, and <c>forecasting serve</c> which runs it) started as a
/// process: configuration sources in .NET's order, and a bad setting stopping start-up with the key named.</summary>
public sealed class ServiceHostTests
{
    [Fact]
    public async Task A_bad_setting_in_the_environments_appsettings_file_stops_serve_naming_the_key_before_the_store_is_created()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("appsettings.Staging.json"), """{ "Forecasting": { "IdleWait": "00:00:00.100" } }""");

        using var serve = CliProcess.Start(temp, new Dictionary<string, string> { ["DOTNET_ENVIRONMENT"] = "Staging" },
            "serve", "--urls", "http://127.0.0.1:0", "--db", temp.File("store.db"));

        var output = await ExitOf(serve);
        Assert.Equal(1, serve.ExitCode);
        Assert.Contains("Forecasting:IdleWait", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.False(File.Exists(temp.File("store.db")), "the store must not be created by a service that does not start");
    }

    [Fact]
    public async Task Environment_variables_override_appsettings_and_the_command_line_overrides_both()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("appsettings.json"), """{ "Forecasting": { "Shards": 0, "Model": "no-such-model" } }""");

        using var serve = CliProcess.Start(temp, new Dictionary<string, string> { ["Forecasting__Shards"] = "5", ["Forecasting__Model"] = "snaive" },
            "serve", "--urls", "http://127.0.0.1:0", "--db", temp.File("store.db"), "--shards", "3");
        try
        {
            var clock = Stopwatch.StartNew();
            while (!CliProcess.OutputOf(serve).Contains("3 shards", StringComparison.Ordinal) && !serve.HasExited && clock.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(100);
            }

            Assert.False(serve.HasExited, CliProcess.OutputOf(serve));
            Assert.Contains("3 shards", CliProcess.OutputOf(serve), StringComparison.Ordinal);
        }
        finally
        {
            serve.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task The_service_executable_exits_with_the_configuration_code_and_one_line_naming_each_bad_key()
    {
        using var temp = new TempFolder();

        using var service = CliProcess.StartAssembly(typeof(ServiceHost).Assembly.Location, temp, new Dictionary<string, string> { ["Forecasting__Mode"] = "Clustered" },
            "--urls", "http://127.0.0.1:0", $"--Forecasting:Store={temp.File("store.db")}", "--Forecasting:Schedules:Train=every night");

        var output = await ExitOf(service);
        Assert.Equal(ServiceHost.ExitConfiguration, service.ExitCode);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains("Forecasting:Mode", line, StringComparison.Ordinal);
        Assert.Contains("Forecasting:Schedules:Train", line, StringComparison.Ordinal);
    }

    private static async Task<string> ExitOf(Process process)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return CliProcess.OutputOf(process);
    }
}
