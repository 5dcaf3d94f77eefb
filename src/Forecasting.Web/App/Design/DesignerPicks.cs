using Forecasting.Core.Trends;
using Forecasting.Storage.Abstractions;

namespace Forecasting.Web.App.Design;

/// <summary>
/// What both designers' pages take from their query string: the attribute, a region and a category, each checked
/// against the store's values (an unknown one is an error naming it, never silently ignored); the store's values
/// also fill the pages' pickers.
/// </summary>
public sealed class DesignerPicks
{
    private DesignerPicks(TrendVocabulary vocabulary, TrendDimension? by, string? region, string? category, List<string> errors)
    {
        Vocabulary = vocabulary;
        By = by;
        Region = region;
        Category = category;
        Errors = errors;
    }

    public TrendVocabulary Vocabulary { get; }

    /// <summary>The attribute asked for (null: none asked).</summary>
    public TrendDimension? By { get; }

    public string? Region { get; }

    public string? Category { get; }

    /// <summary>One line per refused value; the page adds its own.</summary>
    public List<string> Errors { get; }

    /// <summary>The region and category as trend filters (only the ones given).</summary>
    public IReadOnlyDictionary<TrendDimension, string> Filters => TrendAsk.FiltersOf(Region, Category);

    public static async Task<DesignerPicks> ReadAsync(IForecastingStore store, string? by, string? region, string? category, CancellationToken cancellationToken)
    {
        var vocabulary = await store.LoadTrendVocabularyAsync(PriceBands.Default, cancellationToken);
        var errors = new List<string>();
        TrendDimension? attribute = null;
        if (!string.IsNullOrWhiteSpace(by))
        {
            if (TrendDimensions.ByName.TryGetValue(by, out var d) && TrendAsk.Attributes.Contains(d))
            {
                attribute = d;
            }
            else
            {
                errors.Add($"by: unknown attribute '{by}'; known: {string.Join(", ", TrendAsk.Attributes.Select(a => a.Name()))}");
            }
        }

        region = string.IsNullOrWhiteSpace(region) ? null : region;
        category = string.IsNullOrWhiteSpace(category) ? null : category;
        foreach (var (dimension, value) in new[] { (TrendDimension.Region, region), (TrendDimension.Category, category) })
        {
            if (value is not null && vocabulary.Check(dimension, value) is { } problem)
            {
                errors.Add($"{dimension.Name()}: {problem}");
            }
        }

        return new DesignerPicks(vocabulary, attribute, region, category, errors);
    }
}
