using Forecasting.Core.Synthetic;
using Forecasting.Storage.Abstractions;
using Forecasting.Storage.Files;
using Forecasting.Pipeline.Ingest;

namespace Forecasting.Pipeline.Tests;

/// <summary>A SQLite store loaded, through the real ingest, with a platform written by the generator.</summary>
internal static class GeneratedPlatformStore
{
    public static async Task<SyntheticPlatform> LoadAsync(JobsTempStore temp, GeneratorOptions options)
    {
        var platform = SyntheticPlatform.Create(options);
        string input = Path.Combine(temp.Folder, "input");
        PlatformFiles.Write(platform, input);
        var ingest = new IngestService(temp.Store);
        foreach (var (kind, file) in new[] { (IngestKind.Network, PlatformFiles.Network), (IngestKind.Catalog, PlatformFiles.Catalog), (IngestKind.Demand, PlatformFiles.Demand) })
        {
            await using var stream = File.OpenRead(Path.Combine(input, file));
            var report = await ingest.IngestAsync(kind, stream, file, new IngestOptions());
            Assert.Equal(0, report.Counts.Rejected);
        }

        return platform;
    }
}
