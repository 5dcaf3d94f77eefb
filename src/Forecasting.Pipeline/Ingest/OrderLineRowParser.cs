using Forecasting.Storage.Files;
using Forecasting.Storage.Abstractions;

namespace Forecasting.Pipeline.Ingest;

/// <summary>Order lines CSV: order_id, sku, quantity (negative = return or cancellation), timestamp, region, price.</summary>
internal sealed class OrderLineRowParser(CsvTable table, ReferenceResolver reference, IngestOptions options, DateWindow window)
    : RowParser<OrderLineRow>(table, reference, options, window)
{
    public static readonly string[] Required = ["order_id", "sku", "quantity", "timestamp", "region"];
    public static readonly string[] Optional = ["price"];

    public override async ValueTask<OrderLineRow?> ParseAsync(List<IngestReject> rejects, CancellationToken cancellationToken)
    {
        int before = rejects.Count;
        var orderId = Table.Text(0);
        if (orderId.Length == 0)
        {
            Reject(rejects, 0, "required value is empty");
        }

        var sku = await SkuAsync(1, rejects, cancellationToken);
        int quantity = 0;
        if (!FieldParsers.TryQuantity(Table.Utf8(2), out quantity, out var quantityReason))
        {
            Reject(rejects, 2, quantityReason);
        }
        else if (quantity == 0)
        {
            Reject(rejects, 2, "quantity 0 is not an order line");
        }

        DateTime timestamp = default;
        if (!FieldParsers.TryTimestamp(Table.Utf8(3), Options.DateFormat, out timestamp, out var timeReason))
        {
            Reject(rejects, 3, timeReason);
        }
        else
        {
            Observed(3, DateOnly.FromDateTime(timestamp), rejects);
        }

        var region = await RegionAsync(4, rejects, cancellationToken);
        var price = Money(5, rejects, out _);
        if (rejects.Count > before)
        {
            return null;
        }

        return new OrderLineRow(Table.Line, orderId, sku!.Value, region!.Value, timestamp.Ticks, DateOnly.FromDateTime(timestamp).DayNumber, quantity, (double?)price);
    }
}
