using Microsoft.Extensions.Configuration;

namespace Forecasting.Pipeline.Scheduling;

/// <summary>Reads <see cref="ServiceOptions"/> from configuration (JSON file, then environment variables such as
/// <c>Forecasting__Store</c>, then command-line overrides), so every node can share one file.</summary>
public static class ServiceConfiguration
{
    /// <summary>The configuration file used when none is given.</summary>
    public const string DefaultFile = "config/forecasting.json";

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
}
