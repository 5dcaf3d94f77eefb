using Forecasting.Core.Trends;

namespace Forecasting.Storage.Abstractions;

/// <summary>
/// A trend question: demand signals by ISO week for every combination of the <see cref="GroupBy"/> dimensions
/// (none: one total), restricted to the <see cref="Filters"/> values.
/// </summary>
/// <param name="Weeks">Complete weeks to describe, ending with the last complete week on or before <see cref="AsOf"/> (1-156).</param>
/// <param name="AsOf">Last day looked at (default and at most: the last stored day).</param>
/// <param name="PriceBands">The price band edges (default <see cref="PriceBands.Default"/>).</param>
public sealed record TrendQuery(
    IReadOnlyList<TrendDimension> GroupBy,
    IReadOnlyDictionary<TrendDimension, string>? Filters = null,
    int Weeks = 12,
    DateOnly? AsOf = null,
    PriceBands? PriceBands = null)
{
    public const int MaxWeeks = 156;

    public IReadOnlyDictionary<TrendDimension, string> FilterValues => Filters ?? new Dictionary<TrendDimension, string>();

    public PriceBands Bands => PriceBands ?? Core.Trends.PriceBands.Default;

    public void Validate()
    {
        if (Weeks is < 1 or > MaxWeeks)
        {
            throw new ArgumentException($"weeks must be between 1 and {MaxWeeks} (was {Weeks})");
        }

        if (GroupBy.Distinct().Count() != GroupBy.Count)
        {
            throw new ArgumentException("a dimension is grouped by twice");
        }
    }
}

/// <summary>The answer to a <see cref="TrendQuery"/>.</summary>
/// <param name="LastDay">Last day looked at (null: no demand stored).</param>
/// <param name="Weeks">The Mondays described, oldest first.</param>
/// <param name="ForecastRun">The forecast run of the forecast weeks: the newest completed production run (null: none).</param>
/// <param name="Series">One per group with any demand in the weeks, by group values.</param>
public sealed record TrendReport(DateOnly? LastDay, IReadOnlyList<DateOnly> Weeks, long? ForecastRun, IReadOnlyList<TrendSeries> Series);

/// <summary>Which keys to rank as emerging or fading: SKUs (<see cref="By"/> empty) or attribute values.</summary>
/// <param name="AsOf">Last day looked at (default and at most: the last stored day).</param>
public sealed record EmergenceQuery(
    EmergenceDirection Direction,
    IReadOnlyList<TrendDimension>? By = null,
    IReadOnlyDictionary<TrendDimension, string>? Filters = null,
    int Top = 20,
    DateOnly? AsOf = null,
    int RecentDays = 7,
    int BaselineDays = 28,
    PriceBands? PriceBands = null)
{
    public const int MaxTop = 1000;

    public void Validate()
    {
        if (Top is < 1 or > MaxTop)
        {
            throw new ArgumentException($"top must be between 1 and {MaxTop} (was {Top})");
        }

        if (By is { } by && (by.Contains(TrendDimension.Region) || by.Distinct().Count() != by.Count))
        {
            throw new ArgumentException("emerging attribute values are ranked by distinct catalog attributes (the regions are the evidence, not a key)");
        }
    }
}

/// <summary>The answer to an <see cref="EmergenceQuery"/>.</summary>
/// <param name="Window">The days compared (null: no demand stored).</param>
public sealed record EmergenceReport(InterestWindow? Window, IReadOnlyList<EmergenceSignal> Items);

/// <summary>Demand signals by catalog attribute and week, and the items whose interest runs ahead of their sales
/// (computed in the store: SQL aggregation over the day-major demand key and the forecast run key).</summary>
public interface ITrendStore
{
    Task<TrendReport> QueryTrendsAsync(TrendQuery query, CancellationToken cancellationToken = default);

    Task<EmergenceReport> RankEmergenceAsync(EmergenceQuery query, CancellationToken cancellationToken = default);

    /// <summary>Deletes the weekly trend rollups and sums them again from every stored day of demand, in one transaction
    /// (the repair path, <c>forecasting trends rebuild</c>: every ingest batch keeps them current in its own transaction).</summary>
    Task RebuildTrendRollupsAsync(CancellationToken cancellationToken = default);
}
