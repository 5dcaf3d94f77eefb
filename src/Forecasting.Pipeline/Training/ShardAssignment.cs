using System.Text;

namespace Forecasting.Pipeline.Training;

/// <summary>
/// Which training shard a SKU belongs to: FNV-1a (64-bit) of the SKU code modulo the shard count. All regions
/// of a SKU land in the same shard (the planner reasons per SKU across warehouses), and the store reads only
/// the shard's SKUs. Stable across processes, machines and .NET versions (string.GetHashCode is randomised
/// per process).
/// </summary>
public static class ShardAssignment
{
    public static int ShardOf(string sku, int shards)
    {
        ArgumentNullException.ThrowIfNull(sku);
        ArgumentOutOfRangeException.ThrowIfLessThan(shards, 1);
        ulong hash = 14695981039346656037UL;
        foreach (byte b in Encoding.UTF8.GetBytes(sku))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return (int)(hash % (ulong)shards);
    }
}
