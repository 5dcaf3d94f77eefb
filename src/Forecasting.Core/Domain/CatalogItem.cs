namespace Forecasting.Core.Domain;

/// <summary>One sellable item of the catalog. Attributes are free text from the platform's vocabularies;
/// money is in the platform's single currency.</summary>
/// <param name="CasePack">Units per case; transfers are rounded to whole cases. At least 1.</param>
public sealed record CatalogItem(
    string Sku,
    string Category,
    string Style,
    string Color,
    string Material,
    DateOnly? LaunchDate,
    decimal? Price,
    decimal? UnitCost,
    int CasePack = 1)
{
    /// <summary>Unit margin (price - unit cost) when both are known; the planner values avoided shortages with it.</summary>
    public decimal? UnitMargin => Price is { } p && UnitCost is { } c ? p - c : null;
}
