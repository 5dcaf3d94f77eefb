using System.Data;
using System.Globalization;
using Forecasting.Core.Accuracy;
using Forecasting.Core.Domain;
using Forecasting.Storage.Abstractions;

namespace Forecasting.Storage;

/// <summary>SQL and row mapping of stored accuracy shared by both stores (the same tables and columns on both).</summary>
internal static class AccuracySql
{
    public const string SettledLoad = """
        SELECT COALESCE((SELECT MIN(id) - 1 FROM ingest_loads WHERE status = 'running'), (SELECT MAX(id) FROM ingest_loads), 0)
        """;

    public const string SumColumns = "rows, abs_error, abs_actual, error, actual, covered, scaled_abs_error, scaled_rows, pinball10, pinball50, pinball90, naive_abs_error";

    public const string CellColumns = "model, region, category, abc, day, bucket, " + SumColumns;

    public const string AlertColumns = "id, kind, dimension, segment, status, raised_at, raised_day, last_day, value, baseline, message, cleared_at, acknowledged_at, acknowledged_by";

    /// <summary>The ON CONFLICT assignment of every sum column from the proposed row.</summary>
    public static string UpdateSums { get; } = string.Join(", ", SumColumns.Split(", ").Select(c => $"{c} = excluded.{c}"));

    /// <summary>A cell and its sums from a row of <see cref="CellColumns"/>.</summary>
    public static (AccuracyCell Cell, AccuracySums Sums) ReadCell(IDataRecord reader) =>
        (new AccuracyCell(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)[0], DateOnly.FromDayNumber(reader.GetInt32(4)), reader.GetString(5)),
            ReadSums(reader, 6));

    /// <summary>Upsert of one cell with 19 parameters (run, the 6 key columns, the 12 sums) named by <paramref name="parameter"/>(1..19).</summary>
    public static string Upsert(Func<int, string> parameter) => $"""
        INSERT INTO accuracy_cells (run_id, {CellColumns})
        VALUES ({string.Join(", ", Enumerable.Range(1, 19).Select(parameter))})
        ON CONFLICT (run_id, model, region, category, abc, day) DO UPDATE SET
        {UpdateSums}
        """;

    public static object[] Values(long runId, AccuracyCell cell, AccuracySums s) =>
    [
        runId, cell.Model, cell.Region, cell.Category, cell.Abc.ToString(), cell.Day.DayNumber, cell.Bucket,
        s.Rows, s.AbsError, s.AbsActual, s.Error, s.Actual, s.Covered, s.ScaledAbsError, s.ScaledRows, s.Pinball10, s.Pinball50, s.Pinball90, s.NaiveAbsError,
    ];

    /// <summary>The 12 sums starting at column <paramref name="first"/> (any numeric type: PostgreSQL sums bigints as numeric).</summary>
    public static AccuracySums ReadSums(IDataRecord reader, int first)
    {
        long L(int i) => Convert.ToInt64(reader.GetValue(first + i), CultureInfo.InvariantCulture);
        double D(int i) => Convert.ToDouble(reader.GetValue(first + i), CultureInfo.InvariantCulture);
        return new AccuracySums
        {
            Rows = L(0), AbsError = D(1), AbsActual = D(2), Error = D(3), Actual = D(4), Covered = L(5),
            ScaledAbsError = D(6), ScaledRows = L(7), Pinball10 = D(8), Pinball50 = D(9), Pinball90 = D(10), NaiveAbsError = D(11),
        };
    }

    /// <summary>The values of the query's filters that are set, by parameter name (days as day numbers).</summary>
    public static IEnumerable<(string Name, object Value)> Parameters(AccuracyQuery query)
    {
        if (query.From is { } from)
        {
            yield return ("from", from.DayNumber);
        }

        if (query.To is { } to)
        {
            yield return ("to", to.DayNumber);
        }

        foreach (var (name, value) in new (string, string?)[] { ("model", query.Model), ("region", query.Region), ("category", query.Category), ("bucket", query.Bucket), ("abc", query.Abc) })
        {
            if (value is not null)
            {
                yield return (name, value);
            }
        }

        if (query.RunId is { } run)
        {
            yield return ("run", run);
        }
    }

    /// <summary>A result row's dimension values as text (days and weeks as ISO dates).</summary>
    public static IReadOnlyDictionary<string, string> Segment(AccuracyQuery query, Func<int, object> value)
    {
        var segment = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < query.GroupBy.Count; i++)
        {
            object raw = value(i);
            segment[query.GroupBy[i]] = query.GroupBy[i] is "day" or "week"
                ? DateOnly.FromDayNumber(Convert.ToInt32(raw, CultureInfo.InvariantCulture)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                : Convert.ToString(raw, CultureInfo.InvariantCulture)!;
        }

        return segment;
    }
}

/// <summary>Demand SQL shared by both stores.</summary>
internal static class DemandSql
{
    /// <summary>First and last stored day: each subquery is one lookup at an end of the day-major key.</summary>
    public const string Days = "SELECT (SELECT MIN(day) FROM demand), (SELECT MAX(day) FROM demand)";
}

/// <summary>Store ids of SKUs and regions to shared <see cref="SeriesKey"/> instances (no strings per row read).</summary>
internal sealed class SeriesKeyMap
{
    private readonly Dictionary<int, string> _skus = [];
    private readonly Dictionary<int, string> _regions = [];
    private readonly Dictionary<(int, int), SeriesKey> _keys = [];

    public void Name(bool sku, int id, string name) => (sku ? _skus : _regions)[id] = name;

    public SeriesKey Get(int skuId, int regionId)
    {
        if (!_keys.TryGetValue((skuId, regionId), out var key))
        {
            _keys[(skuId, regionId)] = key = new SeriesKey(_skus[skuId], _regions[regionId]);
        }

        return key;
    }
}

/// <summary>One string instance per model name read.</summary>
internal sealed class ModelNames
{
    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);

    public string Get(string name)
    {
        if (!_names.TryGetValue(name, out var shared))
        {
            _names[name] = shared = name;
        }

        return shared;
    }
}
