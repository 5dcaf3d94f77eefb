using Forecasting.Core.Domain;

namespace Forecasting.Storage;

/// <summary>Equality of network parts as the stores count them (re-loading the same network = duplicates).</summary>
internal static class NetworkComparison
{
    public static bool SameWarehouse(Warehouse a, Warehouse b) =>
        a.Id == b.Id && a.Latitude.Equals(b.Latitude) && a.Longitude.Equals(b.Longitude) && a.Capacity == b.Capacity
        && a.IsCentral == b.IsCentral && a.RegionsServed.Order(StringComparer.Ordinal).SequenceEqual(b.RegionsServed.Order(StringComparer.Ordinal));
}
