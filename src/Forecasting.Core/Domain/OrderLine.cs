namespace Forecasting.Core.Domain;

/// <summary>One line of a customer order as the platform exports it. A negative quantity is a return or
/// cancellation. The demand day is the calendar date of <see cref="Timestamp"/> as written (no time-zone
/// conversion: the platform's export is assumed to be in the region's local time).</summary>
public sealed record OrderLine(string OrderId, string Sku, string Region, int Quantity, DateTime Timestamp, decimal? Price)
{
    public DateOnly Day => DateOnly.FromDateTime(Timestamp);
}
