using System.Text;
using Forecasting.Storage.Abstractions;

namespace Forecasting.Pipeline.Ingest;

/// <summary>
/// Resolves SKU and region codes read as UTF-8 to the store's ids without allocating a string per row
/// (span lookups), registering unknown codes when the load allows it.
/// </summary>
internal sealed class ReferenceResolver(IIngestStore store, ReferenceData reference, bool autoRegister)
{
    private readonly Dictionary<string, int> _skus = new(reference.SkuIds, StringComparer.Ordinal);
    private readonly Dictionary<string, int> _regions = new(reference.RegionIds, StringComparer.Ordinal);
    private readonly char[] _buffer = new char[512];

    public IReadOnlySet<string> Warehouses { get; } = reference.WarehouseIds;

    public async ValueTask<int?> SkuAsync(string code, CancellationToken cancellationToken) =>
        await ResolveAsync(_skus, code, isSku: true, cancellationToken);

    public async ValueTask<int?> RegionAsync(string code, CancellationToken cancellationToken) =>
        await ResolveAsync(_regions, code, isSku: false, cancellationToken);

    /// <summary>Fast path: the id of a known code, without allocating. False when unknown (or too long).</summary>
    public bool TryKnownSku(ReadOnlySpan<byte> utf8, out int id) => TryKnown(_skus, utf8, out id);

    public bool TryKnownRegion(ReadOnlySpan<byte> utf8, out int id) => TryKnown(_regions, utf8, out id);

    private bool TryKnown(Dictionary<string, int> ids, ReadOnlySpan<byte> utf8, out int id)
    {
        id = 0;
        if (utf8.Length > _buffer.Length / 2)
        {
            return false;
        }

        int length = Encoding.UTF8.GetChars(utf8, _buffer);
        return ids.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(_buffer.AsSpan(0, length), out id);
    }

    private async ValueTask<int?> ResolveAsync(Dictionary<string, int> ids, string code, bool isSku, CancellationToken cancellationToken)
    {
        if (ids.TryGetValue(code, out int id))
        {
            return id;
        }

        if (!autoRegister)
        {
            return null;
        }

        var refreshed = await store.RegisterAsync(isSku ? [code] : [], isSku ? [] : [code], cancellationToken);
        foreach (var (key, value) in isSku ? refreshed.SkuIds : refreshed.RegionIds)
        {
            ids[key] = value;
        }

        return ids[code];
    }
}
