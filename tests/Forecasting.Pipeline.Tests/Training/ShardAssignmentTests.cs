using Forecasting.Pipeline.Training;

namespace Forecasting.Pipeline.Tests.Training;

public class ShardAssignmentTests
{
    [Fact]
    public void Every_SKU_has_one_stable_shard_and_shards_are_balanced()
    {
        var skus = Enumerable.Range(0, 16_000).Select(i => $"SKU{i:D6}").ToList();

        var shards = skus.Select(s => ShardAssignment.ShardOf(s, 16)).ToList();

        Assert.Equal(shards, skus.Select(s => ShardAssignment.ShardOf(s, 16)));
        Assert.All(shards, s => Assert.InRange(s, 0, 15));
        Assert.All(shards.GroupBy(s => s), g => Assert.InRange(g.Count(), 800, 1200)); // 1,000 expected each
        Assert.All(skus, s => Assert.Equal(0, ShardAssignment.ShardOf(s, 1)));
    }

    [Fact]
    public void The_hash_is_FNV_1a_of_the_UTF8_code()
    {
        // FNV-1a 64 of "a" is 0xaf63dc4c8601ec8c (the published test vector); a large prime modulus checks the whole value.
        Assert.Equal((int)(0xaf63dc4c8601ec8cUL % 1_000_003UL), ShardAssignment.ShardOf("a", 1_000_003));
    }
}
