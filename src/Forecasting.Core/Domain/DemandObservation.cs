namespace Forecasting.Core.Domain;

/// <summary>Demand signals of one SKU in one region on one day. All counts are non-negative.</summary>
/// <param name="Units">Units ordered (net of nothing: returns are reported separately).</param>
/// <param name="Returns">Units returned or cancelled that day.</param>
/// <param name="Views">Product page views.</param>
/// <param name="Searches">Searches that surfaced the item.</param>
/// <param name="CartAdds">Add-to-cart events.</param>
/// <param name="WishlistAdds">Add-to-wishlist events.</param>
public readonly record struct DemandObservation(
    string Sku,
    string Region,
    DateOnly Date,
    int Units,
    int Returns = 0,
    int Views = 0,
    int Searches = 0,
    int CartAdds = 0,
    int WishlistAdds = 0)
{
    public SeriesKey Key => new(Sku, Region);
}
