using Dapper;
using Forecasting.Core.Trends;

namespace Forecasting.Storage.Sql;

/// <summary>Keeps the weekly trend rollups (<see cref="TrendWeekSql"/>) equal to the sums of the stored daily demand:
/// each refresh deletes the weeks it covers and sums them again, in one transaction, after taking the one
/// <c>trend_refreshes</c> row (concurrent refreshes take turns instead of both inserting the same week).</summary>
internal sealed class SqlTrendRollup(SqlSession session)
{
    private const string TakeTurn = "UPDATE trend_refreshes SET refreshes = refreshes + 1 WHERE id = 1;\n";

    public Task RefreshWeeksAsync(DateOnly firstDay, DateOnly lastDay, CancellationToken cancellationToken)
    {
        Check(firstDay, lastDay);
        return RunAsync(TakeTurn + TrendWeekSql.FromDemand(bounded: true), IsoWeeks.Monday(firstDay), IsoWeeks.Monday(lastDay), cancellationToken);
    }

    public Task RefreshCatalogAsync(DateOnly? firstDay, DateOnly? lastDay, CancellationToken cancellationToken)
    {
        if (firstDay is { } first && lastDay is { } last)
        {
            Check(first, last);
            return RunAsync(TakeTurn + TrendWeekSql.FromSkuWeeks(bounded: true), IsoWeeks.Monday(first), IsoWeeks.Monday(last), cancellationToken);
        }

        if (firstDay is not null || lastDay is not null)
        {
            throw new ArgumentException("give both the first and the last day, or neither (every week)");
        }

        return session.WriteAsync(async (connection, transaction) =>
        {
            if (await connection.ExecuteScalarAsync<long>(new CommandDefinition(TrendWeekSql.ChangedSkus, transaction: transaction, cancellationToken: cancellationToken)) == 0)
            {
                return 0; // no SKU with summed demand changed an attribute (new items, costs, case packs): nothing moves
            }

            return await connection.ExecuteAsync(new CommandDefinition(TakeTurn + TrendWeekSql.FromSkuWeeks(bounded: false) + TrendWeekSql.CatalogSummed,
                transaction: transaction, commandTimeout: 0, cancellationToken: cancellationToken));
        }, cancellationToken);
    }

    private static void Check(DateOnly firstDay, DateOnly lastDay)
    {
        if (lastDay < firstDay)
        {
            throw new ArgumentException($"the last day {lastDay:yyyy-MM-dd} is before the first {firstDay:yyyy-MM-dd}", nameof(lastDay));
        }
    }

    public Task RebuildAsync(CancellationToken cancellationToken) => RunAsync(TakeTurn + "DELETE FROM trend_skus;\n" + TrendWeekSql.FromDemand(bounded: false), null, null, cancellationToken);

    private Task RunAsync(string sql, DateOnly? from, DateOnly? to, CancellationToken cancellationToken) =>
        session.WriteAsync(async (connection, transaction) =>
        {
            var parameters = new DynamicParameters();
            if (from is { } first && to is { } last)
            {
                parameters.Add("from", first.DayNumber);
                parameters.Add("to", last.DayNumber);
            }

            return await connection.ExecuteAsync(new CommandDefinition(sql, parameters, transaction, commandTimeout: 0, cancellationToken: cancellationToken));
        }, cancellationToken);
}
