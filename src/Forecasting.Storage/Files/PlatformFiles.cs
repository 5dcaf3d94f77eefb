using System.Globalization;
using System.Text;
using System.Text.Json;
using Forecasting.Core.Domain;
using Forecasting.Core.Synthetic;

namespace Forecasting.Storage.Files;

/// <summary>What <see cref="PlatformFiles.Write"/> wrote.</summary>
public sealed record PlatformFilesReport(string Folder, int CatalogRows, int InventoryRows, long DemandRows, long DemandBytes);

/// <summary>
/// Writes a synthetic platform as the input files the ingest reads: <c>catalog.csv</c>,
/// <c>network.json</c>, <c>demand.csv</c>, <c>inventory.csv</c>, plus <c>truth.json</c> with every
/// parameter the demand was drawn from.
/// </summary>
public static class PlatformFiles
{
    public const string Catalog = "catalog.csv", Network = "network.json", Demand = "demand.csv", Inventory = "inventory.csv", Truth = "truth.json";

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private static readonly JsonSerializerOptions TruthJson = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };

    /// <param name="progress">Receives the number of days of demand written so far.</param>
    public static PlatformFilesReport Write(SyntheticPlatform platform, string folder, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(platform);
        Directory.CreateDirectory(folder);
        WriteCatalog(platform.Catalog, Path.Combine(folder, Catalog));
        using (var network = File.Create(Path.Combine(folder, Network)))
        {
            NetworkJson.Write(network, platform.Network);
        }

        WriteInventory(platform.Inventory, Path.Combine(folder, Inventory));
        using (var truth = File.Create(Path.Combine(folder, Truth)))
        {
            JsonSerializer.Serialize(truth, platform.Truth, TruthJson);
        }

        string demandPath = Path.Combine(folder, Demand);
        long rows = WriteDemand(platform.Demand(cancellationToken), demandPath, platform.Options.Start, progress);
        return new PlatformFilesReport(folder, platform.Catalog.Count, platform.Inventory.Count, rows, new FileInfo(demandPath).Length);
    }

    private static void WriteCatalog(IReadOnlyList<CatalogItem> catalog, string path)
    {
        using var writer = new StreamWriter(path, false, Utf8);
        writer.Write("sku,category,style,color,material,launch_date,price,unit_cost,case_pack\n");
        foreach (var c in catalog)
        {
            writer.Write(string.Join(',', Field(c.Sku), Field(c.Category), Field(c.Style), Field(c.Color), Field(c.Material),
                c.LaunchDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "", Money(c.Price), Money(c.UnitCost), c.CasePack.ToString(CultureInfo.InvariantCulture)));
            writer.Write('\n');
        }
    }

    private static void WriteInventory(IReadOnlyList<InventoryPosition> inventory, string path)
    {
        using var writer = new StreamWriter(path, false, Utf8);
        writer.Write("warehouse,sku,on_hand,in_transit,committed,as_of\n");
        foreach (var p in inventory)
        {
            writer.Write(string.Create(CultureInfo.InvariantCulture, $"{Field(p.Warehouse)},{Field(p.Sku)},{p.OnHand},{p.InTransit},{p.Committed},{p.AsOf:yyyy-MM-dd}\n"));
        }
    }

    private static long WriteDemand(IEnumerable<DemandObservation> demand, string path, DateOnly start, IProgress<int>? progress)
    {
        using var writer = new StreamWriter(path, false, Utf8, 1 << 20);
        writer.Write("sku,region,date,units,returns,views,searches,cart_adds,wishlist_adds\n");
        long rows = 0;
        var lastDay = DateOnly.MinValue;
        string date = "";
        Span<char> number = stackalloc char[16];
        foreach (var o in demand)
        {
            if (o.Date != lastDay)
            {
                if (lastDay != DateOnly.MinValue)
                {
                    progress?.Report(lastDay.DayNumber - start.DayNumber + 1);
                }

                lastDay = o.Date;
                date = o.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            }

            writer.Write(o.Sku);
            writer.Write(',');
            writer.Write(o.Region);
            writer.Write(',');
            writer.Write(date);
            foreach (int value in (ReadOnlySpan<int>)[o.Units, o.Returns, o.Views, o.Searches, o.CartAdds, o.WishlistAdds])
            {
                writer.Write(',');
                value.TryFormat(number, out int written, default, CultureInfo.InvariantCulture);
                writer.Write(number[..written]);
            }

            writer.Write('\n');
            rows++;
        }

        if (lastDay != DateOnly.MinValue)
        {
            progress?.Report(lastDay.DayNumber - start.DayNumber + 1);
        }

        return rows;
    }

    private static string Money(decimal? value) => value?.ToString("0.00", CultureInfo.InvariantCulture) ?? "";

    private static string Field(string value) => CsvField.Quote(value);
}
