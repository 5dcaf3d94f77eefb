using System.Data.Common;
using System.Globalization;
using Dapper;
using Forecasting.Core.Domain;
using Forecasting.Core.Trends;
using Forecasting.Storage.Abstractions;

namespace Forecasting.Storage.Sql;

/// <summary>
/// Trend and emergence queries, written once for both stores. The demand rows of a window are found by a range on the
/// day-major primary key (day, sku_id, region_id) and summed by the catalog attributes of their SKU (skus, by id); the
/// forecast weeks by the run's key prefix (run_id). Weeks are <c>day - day % 7</c> over day numbers (Mondays,
/// <see cref="IsoWeeks"/>).
/// </summary>
internal sealed class SqlTrends(SqlSession session)
{
    public Task<TrendReport> QueryAsync(TrendQuery query, ForecastRun? run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        return session.ReadAsync(async connection =>
        {
            var (first, last) = await DaysAsync(connection, query.AsOf, cancellationToken);
            if (first is not { } firstDay || last is not { } lastDay)
            {
                return new TrendReport(null, [], run?.Id, []);
            }

            var lastWeek = IsoWeeks.LastComplete(lastDay);
            var weeks = Enumerable.Range(0, query.Weeks).Select(k => lastWeek.AddDays(-7 * (query.Weeks - 1 - k))).ToList();
            var firstWeek = IsoWeeks.Monday(firstDay) == firstDay ? firstDay : IsoWeeks.Monday(firstDay).AddDays(7);
            var source = TrendSource.For(query);
            var (select, groupBy, join, where, parameters) = Shape(query.GroupBy, query.FilterValues, source.Column);
            var (skuSelect, skuGroupBy, skuJoin, skuWhere, skuParameters) = Shape(query.GroupBy, query.FilterValues, SkuColumn(query.Bands));

            // Two ranges of the key, not one from a year back: the current weeks with the 4 before them, and the same weeks a year before.
            var totals = new Dictionary<GroupKey, Dictionary<DateOnly, TrendTotals>>();
            foreach (var (from, to) in new[]
            {
                (weeks[0].AddDays(-7 * TrendWeeks.RecentWeeks), lastWeek.AddDays(6)),
                (weeks[0].AddDays(-7 * TrendWeeks.YearWeeks), lastWeek.AddDays(6 - (7 * TrendWeeks.YearWeeks))),
            })
            {
                var range = new DynamicParameters(parameters);
                range.AddDynamicParams(source.Parameters);
                range.Add("from", from.DayNumber);
                range.Add("to", to.DayNumber);
                string sql = source.Grouped
                    ? $"""
                        SELECT {select}d.week, SUM(d.units), SUM(d.returns), SUM(d.views), SUM(d.searches), SUM(d.cart_adds), SUM(d.wishlist_adds)
                        FROM {source.From}{join}
                        WHERE d.week BETWEEN @from AND @to{source.Where}{where}
                        GROUP BY {groupBy}d.week
                        """
                    : $"""
                        SELECT {select}d.week, d.units, d.returns, d.views, d.searches, d.cart_adds, d.wishlist_adds
                        FROM {source.From}{join}
                        WHERE d.week BETWEEN @from AND @to{source.Where}{where}
                        """;
                await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(sql, range, cancellationToken: cancellationToken));
                int n = query.GroupBy.Count;
                while (await reader.ReadAsync(cancellationToken))
                {
                    var key = GroupKey.Read(reader, n);
                    if (!totals.TryGetValue(key, out var byWeek))
                    {
                        totals[key] = byWeek = [];
                    }

                    long L(int i) => Convert.ToInt64(reader.GetValue(n + 1 + i), CultureInfo.InvariantCulture);
                    byWeek[DateOnly.FromDayNumber(Convert.ToInt32(reader.GetValue(n), CultureInfo.InvariantCulture))] = new TrendTotals(L(0), L(1), L(2), L(3), L(4), L(5));
                }
            }

            var forecast = run is null ? [] : await ForecastAsync(connection, query, run.Id, lastDay, skuSelect, skuGroupBy, skuJoin, skuWhere, skuParameters, cancellationToken);
            var series = new List<TrendSeries>();
            var shown = new HashSet<DateOnly>(weeks);
            foreach (var key in totals.Keys.Union(forecast.Keys).OrderBy(k => k))
            {
                var byWeek = totals.GetValueOrDefault(key) ?? [];
                if (!byWeek.Keys.Any(shown.Contains) && !forecast.ContainsKey(key))
                {
                    continue; // only in the comparison weeks: nothing to show
                }

                series.Add(new TrendSeries(key.Group(query.GroupBy), TrendWeeks.Describe(byWeek, weeks, firstWeek), forecast.GetValueOrDefault(key) ?? []));
            }

            return new TrendReport(lastDay, weeks, run?.Id, series);
        }, cancellationToken);
    }

    /// <summary>Forecast weeks after <paramref name="lastDay"/>: sum of means and of the rows' variances (<see cref="ForecastSpread"/>).</summary>
    private static async Task<Dictionary<GroupKey, List<TrendForecastWeek>>> ForecastAsync(DbConnection connection, TrendQuery query, long runId, DateOnly lastDay,
        string select, string groupBy, string join, string where, DynamicParameters filters, CancellationToken cancellationToken)
    {
        string sigma = $"(CASE WHEN d.p90 > d.p10 THEN (d.p90 - d.p10) / {(2 * ForecastSpread.Z90).ToString("R", CultureInfo.InvariantCulture)} ELSE 0 END)";
        string sql = $"""
            SELECT {select}(d.target_day - d.target_day % 7) AS week, COUNT(DISTINCT d.target_day), SUM(d.mean), SUM({sigma} * {sigma})
            FROM forecasts d JOIN skus s ON s.id = d.sku_id{join}
            WHERE d.run_id = @run AND d.target_day > @last{where}
            GROUP BY {groupBy}(d.target_day - d.target_day % 7)
            ORDER BY 1
            """;
        var parameters = new DynamicParameters(filters);
        parameters.Add("run", runId);
        parameters.Add("last", lastDay.DayNumber);
        var weeks = new Dictionary<GroupKey, List<TrendForecastWeek>>();
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
        int n = query.GroupBy.Count;
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = GroupKey.Read(reader, n);
            double mean = Convert.ToDouble(reader.GetValue(n + 2), CultureInfo.InvariantCulture);
            var (p10, p90) = ForecastSpread.Band(mean, Convert.ToDouble(reader.GetValue(n + 3), CultureInfo.InvariantCulture));
            if (!weeks.TryGetValue(key, out var list))
            {
                weeks[key] = list = [];
            }

            list.Add(new TrendForecastWeek(DateOnly.FromDayNumber(Convert.ToInt32(reader.GetValue(n), CultureInfo.InvariantCulture)),
                Convert.ToInt32(reader.GetValue(n + 1), CultureInfo.InvariantCulture), mean, p10, p90));
        }

        foreach (var list in weeks.Values)
        {
            list.Sort((a, b) => a.Week.CompareTo(b.Week));
        }

        return weeks;
    }

    public Task<EmergenceReport> RankAsync(EmergenceQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        return session.ReadAsync(async connection =>
        {
            var (_, last) = await DaysAsync(connection, query.AsOf, cancellationToken);
            if (last is not { } lastDay)
            {
                return new EmergenceReport(null, []);
            }

            var window = new InterestWindow(lastDay, query.RecentDays, query.BaselineDays);
            var scorer = new EmergenceScorer(window); // made per attempt: a retried read starts from nothing
            var by = query.By ?? [];
            var (select, groupBy, join, where, parameters) = Shape([.. by, TrendDimension.Region], query.Filters ?? new Dictionary<TrendDimension, string>(), SkuColumn(query.PriceBands ?? PriceBands.Default));
            parameters.Add("from", window.First.DayNumber);
            parameters.Add("to", window.AsOf.DayNumber);
            parameters.Add("launch", window.LatestLaunch.DayNumber);
            const string Interest = "d.views + d.searches + d.cart_adds + d.wishlist_adds";
            // SKUs are compared with their category; attribute values with each other.
            string sql = by.Count == 0
                ? $"""
                    SELECT s.sku, COALESCE(s.category, ''), r.region, d.day, d.units, {Interest}
                    FROM demand d JOIN skus s ON s.id = d.sku_id{join}
                    WHERE d.day BETWEEN @from AND @to AND (s.launch_day IS NULL OR s.launch_day <= @launch){where}
                    """
                : $"""
                    SELECT {select}d.day, SUM(d.units), SUM({Interest})
                    FROM demand d JOIN skus s ON s.id = d.sku_id{join}
                    WHERE d.day BETWEEN @from AND @to AND (s.launch_day IS NULL OR s.launch_day <= @launch){where}
                    GROUP BY {groupBy}d.day
                    """;
            await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
            while (await reader.ReadAsync(cancellationToken))
            {
                if (by.Count == 0)
                {
                    scorer.Add(new InterestDay(reader.GetString(0), reader.GetString(1), reader.GetString(2), DateOnly.FromDayNumber(reader.GetInt32(3)),
                        Convert.ToInt64(reader.GetValue(4), CultureInfo.InvariantCulture), Convert.ToInt64(reader.GetValue(5), CultureInfo.InvariantCulture)));
                }
                else
                {
                    int n = by.Count;
                    var values = GroupKey.Read(reader, n + 1).Values;
                    scorer.Add(new InterestDay(string.Join(" / ", values.Take(n).Select(v => v ?? "(none)")), "", values[n] ?? "",
                        DateOnly.FromDayNumber(Convert.ToInt32(reader.GetValue(n + 1), CultureInfo.InvariantCulture)),
                        Convert.ToInt64(reader.GetValue(n + 2), CultureInfo.InvariantCulture), Convert.ToInt64(reader.GetValue(n + 3), CultureInfo.InvariantCulture)));
                }
            }

            return new EmergenceReport(window, scorer.Rank(query.Direction, query.Top));
        }, cancellationToken);
    }

    /// <summary>The first stored day, and the last one capped at <paramref name="asOf"/>.</summary>
    private static async Task<(DateOnly? First, DateOnly? Last)> DaysAsync(DbConnection connection, DateOnly? asOf, CancellationToken cancellationToken)
    {
        var (first, last) = await connection.QuerySingleAsync<(int?, int?)>(new CommandDefinition(DemandSql.Days, cancellationToken: cancellationToken));
        if (first is null || last is null)
        {
            return (null, null);
        }

        var lastDay = DateOnly.FromDayNumber(last.Value);
        if (asOf is { } cap && cap < lastDay)
        {
            lastDay = cap;
        }

        var firstDay = DateOnly.FromDayNumber(first.Value);
        return lastDay < firstDay ? (null, null) : (firstDay, lastDay);
    }

    /// <summary>The SQL of grouping by and filtering on dimensions over a table <c>d</c> with a <c>region_id</c> (joined to
    /// <c>regions r</c> when a dimension needs it), its attributes read by <paramref name="column"/>. Filter values are
    /// parameters; band edges are numbers we format.</summary>
    private static (string Select, string GroupBy, string Join, string Where, DynamicParameters Parameters) Shape(
        IReadOnlyList<TrendDimension> groupBy, IReadOnlyDictionary<TrendDimension, string> filters, Func<TrendDimension, string> column)
    {
        string Expression(TrendDimension dimension) => dimension == TrendDimension.Region ? "r.region" : column(dimension);

        var parameters = new DynamicParameters();
        string where = string.Concat(filters.Select(f =>
        {
            string name = "f_" + f.Key.Name();
            parameters.Add(name, f.Value);
            return $" AND {Expression(f.Key)} = @{name}";
        }));
        string select = string.Concat(groupBy.Select(d => Expression(d) + ", "));
        bool regions = groupBy.Contains(TrendDimension.Region) || filters.ContainsKey(TrendDimension.Region);
        return (select, select, regions ? " JOIN regions r ON r.id = d.region_id" : "", where, parameters);
    }

    /// <summary>The catalog attributes of the SKU joined as <c>skus s</c>.</summary>
    private static Func<TrendDimension, string> SkuColumn(PriceBands bands) => dimension => dimension switch
    {
        TrendDimension.Category => "s.category",
        TrendDimension.Style => "s.style",
        TrendDimension.Color => "s.color",
        TrendDimension.Material => "s.material",
        TrendDimension.PriceBand => TrendWeekSql.PriceBandSql("s.price", bands),
        _ => throw new ArgumentOutOfRangeException(nameof(dimension), dimension, null),
    };

    /// <summary>The weekly rollup a trend query reads (<see cref="TrendWeekSql"/>), as <c>d</c> with a <c>week</c>: the facet
    /// of its attributes (grouped or filtered) when there are at most two, else the catalog cells; the SKU weeks joined to
    /// the catalog only when it asks for price bands with other edges than the default ones the rollups hold.</summary>
    /// <param name="Grouped">The rows must be summed by group (false: a facet holds exactly one row per group and week).</param>
    private sealed record TrendSource(string From, string Where, DynamicParameters Parameters, Func<TrendDimension, string> Column, bool Grouped = true)
    {
        public static TrendSource For(TrendQuery query)
        {
            var attributes = query.GroupBy.Concat(query.FilterValues.Keys).Where(d => d != TrendDimension.Region).Distinct().ToList();
            if (attributes.Contains(TrendDimension.PriceBand) && !query.Bands.Edges.SequenceEqual(PriceBands.Default.Edges))
            {
                return new TrendSource("trend_weeks d JOIN skus s ON s.id = d.sku_id", "", new DynamicParameters(), SkuColumn(query.Bands));
            }

            var facet = TrendWeekSql.Facets.FirstOrDefault(f => f.Count == attributes.Count && f.All(attributes.Contains));
            if (facet is null)
            {
                return new TrendSource("trend_cell_weeks d", "", new DynamicParameters(), d => "d." + TrendWeekSql.CellColumn(d));
            }

            // The attributes not grouped are filtered to one value, so each facet row is one group's week: the rows of
            // the region, or of all regions when the query neither groups nor filters by region.
            var parameters = new DynamicParameters();
            parameters.Add("facet", TrendWeekSql.Name(facet));
            bool byRegion = query.GroupBy.Contains(TrendDimension.Region) || query.FilterValues.ContainsKey(TrendDimension.Region);
            return new TrendSource("trend_facet_weeks d", $" AND d.facet = @facet AND d.region_id {(byRegion ? "<>" : "=")} {TrendWeekSql.AllRegions}", parameters,
                d => facet[0] == d ? "d.v1" : facet.Count > 1 && facet[1] == d ? "d.v2" : throw new ArgumentOutOfRangeException(nameof(d), d, "not an attribute of the facet"),
                Grouped: false);
        }
    }

    /// <summary>A group's values in the order of the grouped dimensions (null: the item has no such attribute).</summary>
    private sealed record GroupKey(string?[] Values) : IComparable<GroupKey>
    {
        public static GroupKey Read(DbDataReader reader, int count) =>
            new([.. Enumerable.Range(0, count).Select(i => reader.IsDBNull(i) ? null : reader.GetString(i))]);

        public IReadOnlyDictionary<TrendDimension, string?> Group(IReadOnlyList<TrendDimension> dimensions) =>
            dimensions.Select((d, i) => (d, Values[i])).ToDictionary(p => p.d, p => p.Item2);

        public bool Equals(GroupKey? other) => other is not null && Values.SequenceEqual(other.Values, StringComparer.Ordinal);

        public override int GetHashCode()
        {
            var hash = new HashCode();
            foreach (var value in Values)
            {
                hash.Add(value, StringComparer.Ordinal);
            }

            return hash.ToHashCode();
        }

        public int CompareTo(GroupKey? other)
        {
            for (int i = 0; i < Values.Length; i++)
            {
                int c = string.CompareOrdinal(Values[i], other!.Values[i]);
                if (c != 0)
                {
                    return c;
                }
            }

            return 0;
        }
    }
}
