using Forecasting.Core.Domain;
using Forecasting.Core.Forecasting.Signals;

namespace Forecasting.Storage.Abstractions;

/// <summary>One SKU x region daily units series with the interest signals stored beside its units.</summary>
/// <param name="Series">The units, exactly as <see cref="IDemandStore.ReadDailySeriesAsync(DateOnly?, Func{string, bool}?, CancellationToken)"/> reads them.</param>
/// <param name="Signals">The <see cref="StoredSignals.Names"/> columns aligned day for day with <paramref name="Series"/>; null when
/// every stored signal of the series is 0 (nothing was recorded: the series is forecast from its sales).</param>
public sealed record SeriesWithSignals(DemandSeries Series, SeriesSignals? Signals);

/// <summary>The interest signals the demand table stores per SKU x region x day.</summary>
public static class StoredSignals
{
    /// <summary>Column names in the order of <see cref="SeriesSignals"/> columns read from a store.</summary>
    public static IReadOnlyList<string> Names { get; } = ["views", "searches", "cart_adds", "wishlist_adds"];

    /// <summary>The signals of a series from its dense columns (units first, then <see cref="Names"/>), cut from
    /// <paramref name="start"/>; null when every signal value is 0.</summary>
    internal static SeriesSignals? From(DemandSeries series, int[][] columns, int start)
    {
        var signals = new double[columns.Length - 1][];
        bool any = false;
        for (int c = 1; c < columns.Length; c++)
        {
            signals[c - 1] = Values(columns[c], start);
            any |= Array.Exists(signals[c - 1], v => v != 0);
        }

        return any ? new SeriesSignals(series.Key, series.Start, Names, signals) : null;
    }

    /// <summary>A dense column of stored counts from <paramref name="start"/>, as the values of a series.</summary>
    internal static double[] Values(int[] column, int start)
    {
        var values = new double[column.Length - start];
        for (int t = 0; t < values.Length; t++)
        {
            values[t] = column[start + t];
        }

        return values;
    }
}
