using Forecasting.Service;
using Forecasting.Storage;
using Forecasting.Storage.Sqlite;
using Microsoft.Extensions.Hosting;
using Spectre.Console;

namespace Forecasting.Cli.Demo;

/// <summary><c>forecasting demo --serve</c>: the service host (API, web app, schedule) over the demo's store, with a
/// new admin key printed so a newcomer can sign in to the web app at once.</summary>
internal static class DemoServer
{
    public static async Task RunAsync(IAnsiConsole console, string databasePath, string urls, CancellationToken cancellationToken)
    {
        var (key, _) = await ApiKeys.CreateAsync(SqliteStore.Open(databasePath), "demo admin", Storage.Abstractions.Roles.Admin, "demo", "Demo Admin", cancellationToken);

        await using var app = await ServiceHost.BuildAsync(["--Forecasting:Store=" + databasePath, "--urls=" + urls], null, cancellationToken);
        console.MarkupLineInterpolated($"web app: [link]{urls.TrimEnd('/')}/app[/]  sign in with the admin key [bold]{key}[/] (shown once; the API takes it in the X-Api-Key header). Ctrl+C stops.");
        await app.RunAsync(cancellationToken);
    }
}
