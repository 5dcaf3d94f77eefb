namespace Forecasting.Core.Synthetic;

/// <summary>A product category with the economics and yearly rhythm the generator gives its items.</summary>
/// <param name="PeakDayOfYear">Day of the year (1-366) when the category's demand peaks.</param>
/// <param name="SeasonalAmplitude">Yearly swing: demand is multiplied by 1 + A cos(2 pi (doy - peak) / 365.25).</param>
/// <param name="MedianPrice">Median retail price; item prices are log-normal around it.</param>
/// <param name="ReturnRate">Share of sold units sent back (fashion e-commerce: 10-50 %).</param>
/// <param name="CasePacks">Case-pack sizes items of the category ship in.</param>
public sealed record CategoryProfile(
    string Name,
    int PeakDayOfYear,
    double SeasonalAmplitude,
    double MedianPrice,
    double ReturnRate,
    IReadOnlyList<int> CasePacks,
    IReadOnlyList<string> Materials);

/// <summary>A sales region with its biggest city's coordinates and relative market size.</summary>
public sealed record RegionProfile(string Id, string Name, string Country, double Latitude, double Longitude, double MarketWeight);

/// <summary>
/// The vocabularies of the synthetic platform, taken from the way European fashion marketplaces
/// label their assortment (category tree, colour facets, material compositions, style tags).
/// </summary>
public static class FashionVocabulary
{
    public static IReadOnlyList<CategoryProfile> Categories { get; } =
    [
        new("dresses", 150, 0.35, 59.95, 0.45, [1, 2, 4], ["cotton", "viscose", "linen", "polyester", "silk"]),
        new("tops", 170, 0.25, 29.95, 0.30, [2, 4, 6], ["cotton", "viscose", "polyester", "linen"]),
        new("t-shirts", 185, 0.40, 19.95, 0.18, [4, 6, 12], ["cotton", "organic cotton", "recycled polyester"]),
        new("jeans", 260, 0.15, 69.95, 0.40, [2, 4], ["denim", "organic cotton", "stretch denim"]),
        new("trousers", 250, 0.15, 49.95, 0.35, [2, 4], ["cotton", "wool", "linen", "polyester"]),
        new("skirts", 160, 0.30, 39.95, 0.35, [2, 4], ["cotton", "viscose", "denim", "leather"]),
        new("knitwear", 340, 0.50, 54.95, 0.25, [2, 4], ["wool", "cashmere", "merino", "cotton", "acrylic"]),
        new("jackets", 290, 0.35, 99.95, 0.30, [1, 2], ["denim", "leather", "polyester", "nylon", "cotton"]),
        new("coats", 330, 0.65, 159.95, 0.30, [1, 2], ["wool", "cashmere", "polyester", "down"]),
        new("swimwear", 175, 0.75, 34.95, 0.20, [4, 6], ["polyamide", "elastane", "recycled polyester"]),
        new("sneakers", 120, 0.20, 89.95, 0.28, [1, 2], ["leather", "canvas", "mesh", "suede"]),
        new("boots", 320, 0.55, 119.95, 0.28, [1, 2], ["leather", "suede", "rubber"]),
        new("bags", 345, 0.20, 79.95, 0.10, [1, 2, 4], ["leather", "canvas", "nylon", "faux leather"]),
        new("accessories", 350, 0.30, 24.95, 0.08, [6, 12], ["cotton", "wool", "silk", "metal", "leather"]),
    ];

    public static IReadOnlyList<string> Colors { get; } =
    [
        "black", "white", "navy", "beige", "grey", "red", "burgundy", "olive", "khaki", "camel",
        "cream", "brown", "pink", "light blue", "blue", "green", "yellow", "orange", "lilac", "multicolour",
    ];

    public static IReadOnlyList<string> Styles { get; } =
    [
        "casual", "classic", "minimal", "streetwear", "sporty", "boho", "romantic", "workwear", "preppy", "party",
    ];

    /// <summary>Up to 12 regions; a platform with R regions uses the first R.</summary>
    public static IReadOnlyList<RegionProfile> Regions { get; } =
    [
        new("DE-N", "Hamburg", "DE", 53.551, 9.994, 1.2),
        new("FR-IDF", "Paris", "FR", 48.857, 2.352, 1.4),
        new("UK-LON", "London", "GB", 51.507, -0.128, 1.5),
        new("IT-N", "Milan", "IT", 45.464, 9.190, 1.1),
        new("ES-C", "Madrid", "ES", 40.417, -3.704, 1.0),
        new("PL-C", "Warsaw", "PL", 52.230, 21.012, 0.7),
        new("DE-S", "Munich", "DE", 48.137, 11.576, 1.3),
        new("NL", "Amsterdam", "NL", 52.368, 4.904, 0.8),
        new("SE", "Stockholm", "SE", 59.329, 18.069, 0.6),
        new("AT", "Vienna", "AT", 48.208, 16.373, 0.6),
        new("FR-S", "Lyon", "FR", 45.764, 4.836, 0.9),
        new("DK", "Copenhagen", "DK", 55.676, 12.568, 0.5),
    ];

    /// <summary>Share of a week's online fashion orders by weekday, Monday first (mean 1): Sunday evening
    /// and Monday are the busiest, Friday and Saturday the quietest.</summary>
    public static IReadOnlyList<double> WeekdayProfile { get; } = [1.12, 0.99, 0.96, 0.95, 0.90, 0.86, 1.22];
}
