using Forecasting.Storage.Files;
using Forecasting.Storage.Abstractions;

namespace Forecasting.Pipeline.Ingest;

/// <summary>Demand CSV: sku, region, date, units, and the optional signal columns.</summary>
internal sealed class DemandRowParser(CsvTable table, ReferenceResolver reference, IngestOptions options, DateWindow window)
    : RowParser<DemandRow>(table, reference, options, window)
{
    public static readonly string[] Required = ["sku", "region", "date", "units"];
    public static readonly string[] Optional = ["returns", "views", "searches", "cart_adds", "wishlist_adds"];

    public override async ValueTask<DemandRow?> ParseAsync(List<IngestReject> rejects, CancellationToken cancellationToken)
    {
        int before = rejects.Count;
        var sku = await SkuAsync(0, rejects, cancellationToken);
        var region = await RegionAsync(1, rejects, cancellationToken);
        var date = Date(2, required: true, rejects);
        if (date is { } day && !Observed(2, day, rejects))
        {
            date = null;
        }
        var units = Count(3, required: true, rejects);
        var returns = Count(4, required: false, rejects);
        var views = Count(5, required: false, rejects);
        var searches = Count(6, required: false, rejects);
        var cartAdds = Count(7, required: false, rejects);
        var wishlistAdds = Count(8, required: false, rejects);
        if (rejects.Count > before)
        {
            return null;
        }

        return new DemandRow(Table.Line, sku!.Value, region!.Value, date!.Value.DayNumber, units!.Value, returns!.Value, views!.Value, searches!.Value, cartAdds!.Value, wishlistAdds!.Value);
    }
}
