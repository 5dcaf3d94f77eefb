using Forecasting.Pipeline.Scheduling;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Forecasting.Pipeline.Hosting;

/// <summary>
/// Binds <see cref="ServiceOptions"/> (section <c>Forecasting</c>) from the host's configuration, in .NET's usual
/// order: <c>appsettings.json</c>, <c>appsettings.{Environment}.json</c>, the deployment file
/// (<see cref="DefaultFile"/> or <c>--config</c>), environment variables (<c>Forecasting__Store</c>...), then the
/// command line. Validated once when bound: a bad setting stops start-up with one message naming its key.
/// </summary>
public static class ServiceConfiguration
{
    /// <summary>The deployment file read when it exists and no other is given.</summary>
    public const string DefaultFile = "config/forecasting.json";

    /// <summary>Binds the section; a value that does not convert names its key.</summary>
    /// <exception cref="ArgumentException">A value of the wrong type (e.g. <c>Forecasting:Shards</c> = "many").</exception>
    public static ServiceOptions Bind(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        try
        {
            return configuration.GetSection(ServiceOptions.Section).Get<ServiceOptions>() ?? new ServiceOptions();
        }
        catch (InvalidOperationException error)
        {
            throw new ArgumentException($"Invalid configuration in section {ServiceOptions.Section}: {error.Message}", error);
        }
    }

    /// <summary>Adds a deployment file after <c>appsettings.{Environment}.json</c> and before the environment
    /// variables, so variables and the command line still override it.</summary>
    /// <param name="file">The file to read; null: <see cref="DefaultFile"/> under the content root when it exists.</param>
    /// <exception cref="FileNotFoundException">A file was given and does not exist.</exception>
    public static IHostApplicationBuilder AddDeploymentFile(this IHostApplicationBuilder builder, string? file)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (file is not null && !File.Exists(file))
        {
            throw new FileNotFoundException($"{Path.GetFullPath(file)}: no such configuration file.", file);
        }

        var path = Path.GetFullPath(file ?? Path.Combine(builder.Environment.ContentRootPath, DefaultFile));
        var sources = ((IConfigurationBuilder)builder.Configuration).Sources;
        int environment = sources.ToList().FindIndex(s => s is Microsoft.Extensions.Configuration.EnvironmentVariables.EnvironmentVariablesConfigurationSource);
        var json = new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource { Path = path, Optional = file is null, ReloadOnChange = false };
        json.ResolveFileProvider();
        sources.Insert(environment < 0 ? sources.Count : environment, json);
        return builder;
    }

    /// <summary>
    /// Registers <see cref="ServiceOptions"/> as validated options (<c>AddOptions().BindConfiguration()
    /// .ValidateOnStart()</c> with <see cref="ServiceOptionsValidator"/>) and as a singleton, and returns them
    /// validated now: the store and the scheduler are configured from them before the host is built.
    /// Idempotent: later calls return the same instance.
    /// </summary>
    /// <exception cref="OptionsValidationException">Every invalid setting, each naming its key.</exception>
    public static ServiceOptions AddForecastingOptions(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.Properties.TryGetValue(typeof(ServiceOptions), out var bound))
        {
            return (ServiceOptions)bound;
        }

        var options = Bind(builder.Configuration);
        var validation = new ServiceOptionsValidator().Validate(Options.DefaultName, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(ServiceOptions.Section, typeof(ServiceOptions), validation.Failures);
        }

        builder.Services.AddSingleton<IValidateOptions<ServiceOptions>, ServiceOptionsValidator>();
        builder.Services.AddOptions<ServiceOptions>().BindConfiguration(ServiceOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(options.Ingest); // every load the service starts applies the configured rules
        builder.Properties[typeof(ServiceOptions)] = options;
        return options;
    }
}
