using Forecasting.Pipeline.Hosting;
using Forecasting.Pipeline.Scheduling;
using Forecasting.Web.Api;
using Forecasting.Web.App;
using Microsoft.Extensions.Options;

namespace Forecasting.Service;

/// <summary>
/// Builds and runs the one host of the service: one <see cref="WebApplicationBuilder"/> wired by
/// <c>AddForecastingStoreAsync</c>, <c>AddForecastingJobs</c> and <c>AddForecastingApi</c>. Both
/// <c>forecasting-service</c> (this project's executable, what a container runs) and <c>forecasting serve</c> run it.
/// </summary>
public static class ServiceHost
{
    /// <summary>Exit code of a configuration that does not validate (sysexits' EX_CONFIG).</summary>
    public const int ExitConfiguration = 78;

    /// <summary>The host, built and not started.</summary>
    /// <param name="args">Standard host arguments: <c>--urls</c>, <c>--environment</c>, <c>--Forecasting:Store=...</c>.</param>
    /// <param name="configFile">The deployment file; null: <c>config/forecasting.json</c> when it exists.</param>
    /// <exception cref="OptionsValidationException">A setting is invalid; the message names each bad key.</exception>
    public static async Task<WebApplication> BuildAsync(string[] args, string? configFile = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddDeploymentFile(configFile);
        await builder.AddForecastingStoreAsync(cancellationToken: cancellationToken);
        builder.AddForecastingJobs();
        builder.AddForecastingApi();
        builder.AddForecastingWebApp();
        builder.AddForecastingTelemetry();
        var app = builder.Build();
        app.MapForecastingApi();
        app.MapForecastingWebApp();
        return app;
    }

    /// <summary>Runs the host until Ctrl+C or SIGTERM (or, with <c>--probe URL</c>, checks a running host's health
    /// endpoint and exits: the container's HEALTHCHECK, which has no shell or curl in a chiseled image); an invalid setting ends it with one line naming the key
    /// and <see cref="ExitConfiguration"/>, never a stack trace.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args is ["--probe", var url])
        {
            return await HealthProbe.RunAsync(new Uri(url));
        }

        try
        {
            await using var app = await BuildAsync(args);
            await app.RunAsync();
            return 0;
        }
        catch (Exception error) when (error is OptionsValidationException or ArgumentException or FileNotFoundException)
        {
            await Console.Error.WriteLineAsync("forecasting-service: " + Describe(error));
            return ExitConfiguration;
        }
    }

    /// <summary>One line: the invalid settings, each naming its key.</summary>
    public static string Describe(Exception error) => error switch
    {
        OptionsValidationException invalid => "invalid configuration: " + string.Join(" ", invalid.Failures),
        _ => error.Message.ReplaceLineEndings(" "),
    };
}
