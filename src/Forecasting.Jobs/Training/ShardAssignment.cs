using System.Text;
using Forecasting.Core.Domain;

namespace Forecasting.Jobs.Training;

/// <summary>
/// Which training shard a SKU x region series belongs to: FNV-1a (64-bit) of "sku\u001Fregion" modulo the shard
/// count. Stable across processes, machines and .NET versions (string.GetHashCode is randomised per process).
/// </summary>
public static class ShardAssignment
{
    public static int ShardOf(SeriesKey key, int shards)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shards, 1);
        ulong hash = 14695981039346656037UL;
        Span<byte> buffer = stackalloc byte[256];
        string text = key.Sku + '\u001F' + key.Region;
        var bytes = Encoding.UTF8.GetByteCount(text) <= buffer.Length ? buffer[..Encoding.UTF8.GetBytes(text, buffer)] : Encoding.UTF8.GetBytes(text);
        foreach (byte b in bytes)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return (int)(hash % (ulong)shards);
    }
}
