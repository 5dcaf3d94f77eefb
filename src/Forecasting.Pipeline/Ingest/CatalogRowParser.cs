using Forecasting.Storage.Files;
using Forecasting.Core.Domain;
using Forecasting.Storage.Abstractions;

namespace Forecasting.Pipeline.Ingest;

/// <summary>Catalog CSV: sku and its attributes. A SKU listed twice in one file is rejected (catalogs are
/// small enough to remember every key of the file).</summary>
internal sealed class CatalogRowParser(CsvTable table, ReferenceResolver reference, IngestOptions options, DateWindow window)
    : RowParser<CatalogRow>(table, reference, options, window)
{
    public static readonly string[] Required = ["sku"];
    public static readonly string[] Optional = ["category", "style", "color", "material", "launch_date", "price", "unit_cost", "case_pack"];

    private readonly Dictionary<string, long> _seen = new(StringComparer.Ordinal);

    public override ValueTask<CatalogRow?> ParseAsync(List<IngestReject> rejects, CancellationToken cancellationToken)
    {
        int before = rejects.Count;
        var sku = Table.Text(0);
        if (sku.Length == 0)
        {
            Reject(rejects, 0, "required value is empty");
        }
        else if (_seen.TryGetValue(sku, out long first))
        {
            Reject(rejects, 0, $"duplicate key: same sku as line {first}");
        }

        var launch = Date(5, required: false, rejects);
        var price = Money(6, rejects, out _);
        var cost = Money(7, rejects, out _);
        int casePack = 1;
        if (!Table.Utf8(8).IsEmpty)
        {
            casePack = Count(8, required: true, rejects) ?? 1;
            if (casePack == 0 && rejects.Count == before)
            {
                Reject(rejects, 8, "case_pack must be at least 1");
            }
        }

        if (rejects.Count > before)
        {
            return ValueTask.FromResult<CatalogRow?>(null);
        }

        _seen[sku] = Table.Line;
        var item = new CatalogItem(sku, Table.Text(1), Table.Text(2), Table.Text(3), Table.Text(4), launch, price, cost, casePack);
        return ValueTask.FromResult<CatalogRow?>(new CatalogRow(Table.Line, item));
    }
}
