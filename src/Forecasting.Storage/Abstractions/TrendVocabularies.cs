using Forecasting.Core.Trends;

namespace Forecasting.Storage.Abstractions;

/// <summary>The values a store's trend filters can take, read from its catalog and regions.</summary>
public static class TrendVocabularies
{
    public static async Task<TrendVocabulary> LoadTrendVocabularyAsync(this IForecastingStore store, PriceBands bands, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        return new TrendVocabulary(await store.GetCatalogAsync(cancellationToken), (await store.GetReferenceDataAsync(cancellationToken)).RegionIds.Keys, bands);
    }
}
