using System.Security.Cryptography;
using Forecasting.Storage.Abstractions;
using Forecasting.Core.Synthetic;
using Forecasting.Storage.Files;
using Forecasting.Pipeline.Ingest;

namespace Forecasting.Storage.Tests.Files;

public abstract class PlatformFilesTests : StoreContractTests
{
    private static readonly GeneratorOptions Options = new() { Skus = 30, Regions = 4, Days = 60, Seed = 99 };

    [Fact]
    public void Same_seed_writes_byte_identical_files()
    {
        using var a = NewStore();
        using var b = NewStore();
        PlatformFiles.Write(SyntheticPlatform.Create(Options), a.Folder);
        PlatformFiles.Write(SyntheticPlatform.Create(Options), b.Folder);

        foreach (var file in new[] { PlatformFiles.Catalog, PlatformFiles.Network, PlatformFiles.Demand, PlatformFiles.Inventory, PlatformFiles.Truth })
        {
            Assert.Equal(Hash(Path.Combine(a.Folder, file)), Hash(Path.Combine(b.Folder, file)));
        }
    }

    [Fact]
    public async Task Generated_files_ingest_without_a_single_reject()
    {
        using var temp = NewStore();
        var written = PlatformFiles.Write(SyntheticPlatform.Create(Options), temp.Folder);

        var loads = new List<IngestReport>();
        foreach (var (kind, file) in new[] { (IngestKind.Network, PlatformFiles.Network), (IngestKind.Catalog, PlatformFiles.Catalog), (IngestKind.Demand, PlatformFiles.Demand), (IngestKind.Inventory, PlatformFiles.Inventory) })
        {
            loads.Add(await temp.Ingest.IngestFileAsync(kind, Path.Combine(temp.Folder, file)));
        }

        Assert.All(loads, l => Assert.Equal(0, l.Counts.Rejected));
        Assert.Equal(written.DemandRows, loads[2].Counts.Accepted);
        Assert.Equal(written.InventoryRows, loads[3].Counts.Accepted);
        Assert.Equal(written.DemandRows, temp.Scalar("SELECT count(*) FROM demand"));
        Assert.Equal(Options.Skus, temp.Scalar("SELECT count(*) FROM skus"));

        var summary = await temp.Store.GetDemandSummaryAsync();
        Assert.Equal(Options.Start, summary.FirstDay);
        Assert.Equal(Options.End, summary.LastDay);
    }

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
}

public sealed class PlatformFilesTestsOnSqlite : PlatformFilesTests
{
    protected override StoreKind Kind => StoreKind.Sqlite;
}

public sealed class PlatformFilesTestsOnPostgres : PlatformFilesTests
{
    protected override StoreKind Kind => StoreKind.Postgres;
}
