using Forecasting.Storage.Files;
using Forecasting.Storage.Abstractions;

namespace Forecasting.Pipeline.Ingest;

/// <summary>Inventory CSV: warehouse, sku, on_hand, and optional in_transit, committed, as_of.</summary>
internal sealed class InventoryRowParser(CsvTable table, ReferenceResolver reference, IngestOptions options, DateWindow window)
    : RowParser<InventoryRow>(table, reference, options, window)
{
    public static readonly string[] Required = ["warehouse", "sku", "on_hand"];
    public static readonly string[] Optional = ["in_transit", "committed", "as_of"];

    private readonly Dictionary<(string, int), long> _seen = [];

    public override async ValueTask<InventoryRow?> ParseAsync(List<IngestReject> rejects, CancellationToken cancellationToken)
    {
        int before = rejects.Count;
        var warehouse = Warehouse(0, rejects);
        var sku = await SkuAsync(1, rejects, cancellationToken);
        var onHand = Count(2, required: true, rejects);
        var inTransit = Count(3, required: false, rejects);
        var committed = Count(4, required: false, rejects);
        var asOf = Date(5, required: false, rejects);
        if (asOf is { } day && !Observed(5, day, rejects))
        {
            asOf = null;
        }
        if (rejects.Count == before && _seen.TryGetValue((warehouse!, sku!.Value), out long first))
        {
            rejects.Add(new IngestReject(Table.Source, Table.Line, "warehouse,sku", $"duplicate key: same warehouse and sku as line {first}", null));
        }

        if (rejects.Count > before)
        {
            return null;
        }

        _seen[(warehouse!, sku!.Value)] = Table.Line;
        return new InventoryRow(Table.Line, warehouse!, sku!.Value, onHand!.Value, inTransit!.Value, committed!.Value, asOf?.DayNumber);
    }
}
