using System.Data.Common;
using System.Globalization;
using Dapper;
using Forecasting.Core.Domain;
using Forecasting.Core.Trends;
using Forecasting.Storage.Abstractions;

namespace Forecasting.Storage.Sql;

/// <summary>
/// Trend and emergence queries, written once for both stores. Trend weeks are read from the weekly rollups the ingest
/// keeps (<see cref="TrendRollupSql"/>, <see cref="TrendSource"/>); the emergence window's demand rows are found by a
/// range on the day-major primary key (day, sku_id, region_id) and summed by the catalog attributes of their SKU (skus,
/// by id); the forecast weeks by the run's key prefix (run_id). Weeks are <c>day - day % 7</c> over day numbers (Mondays,
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

            // The current weeks with the 4 before them, and the same weeks a year before (two ranges, not one from a year back).
            var ranges = new[]
            {
                (From: weeks[0].AddDays(-7 * TrendWeeks.RecentWeeks), To: lastWeek),
                (From: weeks[0].AddDays(-7 * TrendWeeks.YearWeeks), To: lastWeek.AddDays(-7 * TrendWeeks.YearWeeks)),
            };
            var totals = new Dictionary<GroupKey, Dictionary<DateOnly, TrendTotals>>();
            foreach (string range in source.Ranges(ranges))
            {
                var values = new DynamicParameters(parameters);
                values.AddDynamicParams(source.Parameters);
                string sql = source.Grouped
                    ? $"""
                        SELECT {select}{source.Week}, SUM(d.units), SUM(d.returns), SUM(d.views), SUM(d.searches), SUM(d.cart_adds), SUM(d.wishlist_adds)
                        FROM {source.From}{join}
                        WHERE {range}{source.Where}{where}
                        GROUP BY {groupBy}{source.Week}
                        """
                    : $"""
                        SELECT {select}{source.Week}, d.units, d.returns, d.views, d.searches, d.cart_adds, d.wishlist_adds
                        FROM {source.From}{join}
                        WHERE {range}{source.Where}{where}
                        """;
                await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(sql, values, cancellationToken: cancellationToken));
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
        TrendDimension.PriceBand => TrendRollupSql.PriceBandSql("s.price", bands),
        _ => throw new ArgumentOutOfRangeException(nameof(dimension), dimension, null),
    };

    /// <summary>
    /// What a trend query reads, as <c>d</c>: the facet of its attributes (grouped or filtered) when there are at most two,
    /// else the catalog cells (<see cref="TrendRollupSql"/>), the rows of one region, of every region or summed over all
    /// regions as the query asks, found by their keys' weeks; the daily rows joined to the catalog only when it asks for
    /// price bands with other edges than the default ones the rollups hold.
    /// </summary>
    /// <param name="Grouped">The rows must be summed by group (false: a facet holds exactly one row per group and week).</param>
    private sealed record TrendSource(string From, string Week, string Where, DynamicParameters Parameters, Func<TrendDimension, string> Column, bool Grouped, bool Daily)
    {
        public static TrendSource For(TrendQuery query)
        {
            var attributes = query.GroupBy.Concat(query.FilterValues.Keys).Where(d => d != TrendDimension.Region).Distinct().ToList();
            if (attributes.Contains(TrendDimension.PriceBand) && !query.Bands.Edges.SequenceEqual(PriceBands.Default.Edges))
            {
                return new TrendSource("demand d JOIN skus s ON s.id = d.sku_id", "(d.day - d.day % 7)", "", new DynamicParameters(), SkuColumn(query.Bands), Grouped: true, Daily: true);
            }

            string regions = query.FilterValues.ContainsKey(TrendDimension.Region) ? $" AND d.region_id = (SELECT id FROM regions WHERE region = @f_{TrendDimension.Region.Name()})"
                : query.GroupBy.Contains(TrendDimension.Region) ? $" AND d.region_id > {TrendRollupSql.AllRegions}"
                : $" AND d.region_id = {TrendRollupSql.AllRegions}";
            int facet = -1;
            for (int f = 0; f < TrendRollupSql.Facets.Count && facet < 0; f++)
            {
                facet = TrendRollupSql.Facets[f].Count == attributes.Count && TrendRollupSql.Facets[f].All(attributes.Contains) ? f : -1;
            }

            if (facet < 0)
            {
                return new TrendSource("trend_cell_weeks d", "d.week", regions, new DynamicParameters(), d => "d." + TrendRollupSql.CellColumn(d), Grouped: true, Daily: false);
            }

            // The attributes not grouped are filtered to one value, so each facet row is one group's week.
            var parameters = new DynamicParameters();
            parameters.Add("facet", TrendRollupSql.FacetNames[facet]);
            var dimensions = TrendRollupSql.Facets[facet];
            return new TrendSource("trend_facet_weeks d", "d.week", " AND d.facet = @facet" + regions, parameters,
                d => dimensions[0] == d ? "d.v1" : dimensions.Count > 1 && dimensions[1] == d ? "d.v2" : throw new ArgumentOutOfRangeException(nameof(d), d, "not an attribute of the facet"),
                Grouped: false, Daily: false);
        }

        /// <summary>The conditions that find the weeks <paramref name="ranges"/> (Mondays): one range of days each on the
        /// daily rows, one list of weeks on a rollup (its key starts with the week, or the facet and the week).</summary>
        public IEnumerable<string> Ranges(IReadOnlyList<(DateOnly From, DateOnly To)> ranges)
        {
            string Day(DateOnly day) => day.DayNumber.ToString(CultureInfo.InvariantCulture);
            if (Daily)
            {
                return ranges.Select(r => $"d.day BETWEEN {Day(r.From)} AND {Day(r.To.AddDays(6))}");
            }

            var weeks = ranges.SelectMany(r => Enumerable.Range(0, ((r.To.DayNumber - r.From.DayNumber) / 7) + 1).Select(k => r.From.AddDays(7 * k))).Distinct().Order();
            return [$"d.week IN ({string.Join(", ", weeks.Select(Day))})"];
        }
    }

    /// <summary>A group's values in the order of the grouped dimensions (null: the item has no such attribute).</summary>
    private sealed record GroupKey(string?[] Values) : IComparable<GroupKey>
    {
        /// <summary>The first <paramref name="count"/> columns (a rollup's <see cref="TrendRollupSql.None"/> is null).</summary>
        public static GroupKey Read(DbDataReader reader, int count) =>
            new([.. Enumerable.Range(0, count).Select(i => reader.IsDBNull(i) || reader.GetString(i) == TrendRollupSql.None ? null : reader.GetString(i))]);

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
