using System.Globalization;
using Forecasting.Core.Domain;

namespace Forecasting.Core.Forecasting.ColdStart;

/// <summary>
/// The attributes an analogue shares with a cold-start item, strictest first. When fewer than
/// <see cref="ColdStartOptions.MinAnalogues"/> items match at a level, the next one drops one more attribute:
/// colour first (it changes least what sells), then material, style, price band and category.
/// Analogues are always from the same region.
/// </summary>
public enum AnalogueLevel
{
    /// <summary>Category, style, colour, material and price band.</summary>
    AllAttributes,
    /// <summary>Category, style, material and price band.</summary>
    WithoutColor,
    /// <summary>Category, style and price band.</summary>
    WithoutMaterial,
    /// <summary>Category and price band.</summary>
    WithoutStyle,
    /// <summary>Category.</summary>
    CategoryOnly,
    /// <summary>Any item launched in the region.</summary>
    AnyItem,
}

/// <summary>The matching key of an item at each <see cref="AnalogueLevel"/>.</summary>
public static class AnalogueKeys
{
    /// <summary>Price bands are 1.5x wide (log scale): 20 and 29 share one, 20 and 31 do not always.</summary>
    private static readonly double BandWidth = Math.Log(1.5);

    public static string Of(CatalogItem item, AnalogueLevel level)
    {
        ArgumentNullException.ThrowIfNull(item);
        string band = item.Price is { } p && p > 0 ? Math.Floor(Math.Log((double)p) / BandWidth).ToString(CultureInfo.InvariantCulture) : "";
        return level switch
        {
            AnalogueLevel.AllAttributes => string.Join('|', item.Category, item.Style, item.Color, item.Material, band),
            AnalogueLevel.WithoutColor => string.Join('|', item.Category, item.Style, item.Material, band),
            AnalogueLevel.WithoutMaterial => string.Join('|', item.Category, item.Style, band),
            AnalogueLevel.WithoutStyle => string.Join('|', item.Category, band),
            AnalogueLevel.CategoryOnly => item.Category,
            _ => "",
        };
    }
}
