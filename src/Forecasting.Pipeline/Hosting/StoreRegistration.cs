using Forecasting.Storage;
using Forecasting.Storage.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Forecasting.Pipeline.Hosting;

/// <summary>Opens the configured store (<c>Forecasting:Store</c>: a SQLite file or PostgreSQL) before the host is
/// built, applying its migrations, and registers it under each of its interfaces.</summary>
public static class StoreRegistration
{
    /// <summary>Opens and registers the store; the same store when called again.</summary>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">A setting is invalid (named).</exception>
    public static async Task<IForecastingStore> AddForecastingStoreAsync(this IHostApplicationBuilder builder, TimeProvider? clock = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.Properties.TryGetValue(typeof(IForecastingStore), out var opened))
        {
            return (IForecastingStore)opened;
        }

        var options = builder.AddForecastingOptions();
        var store = await StoreFactory.OpenAsync(options.Store, options.Resilience, clock, cancellationToken);
        builder.AddForecastingStore(store);
        return store;
    }

    /// <summary>Registers a store the caller already opened (tests, the API benchmark).</summary>
    public static IHostApplicationBuilder AddForecastingStore(this IHostApplicationBuilder builder, IForecastingStore store)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(store);
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton<IProposalStore>(store);
        builder.Services.AddSingleton<IExportBatchStore>(store);
        builder.Services.AddSingleton<IAccessStore>(store);
        builder.Services.AddSingleton<IJobHistoryStore>(store);
        builder.Services.AddSingleton<IIngestStore>(store);
        builder.Services.AddSingleton<IDemandStore>(store);
        builder.Services.AddSingleton<IForecastStore>(store);
        builder.Services.AddSingleton<IAccuracyStore>(store);
        builder.Services.AddSingleton<IRunLeaseStore>(store);
        builder.Properties[typeof(IForecastingStore)] = store;
        return builder;
    }
}
