using Forecasting.Core.Domain;

namespace Forecasting.Core.Planning;

/// <summary>Daily demand forecast of one SKU in one region; index 0 is the first day after the plan date.</summary>
public sealed record RegionForecast(string Region, double[] Mean, double[] P10, double[] P90);

/// <summary>Everything the planner needs about one SKU.</summary>
/// <param name="AbcClass">'A', 'B' or 'C' (<see cref="AbcClassifier"/>).</param>
/// <param name="Model">The model that made the forecasts (recorded with each proposal).</param>
public sealed record SkuPlanInput(CatalogItem Item, char AbcClass, string Model, IReadOnlyList<RegionForecast> Forecasts, IReadOnlyList<InventoryPosition> Positions);
