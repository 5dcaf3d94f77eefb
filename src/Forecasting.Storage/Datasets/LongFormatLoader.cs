using System.Globalization;
using Forecasting.Core.Evaluation;
using Forecasting.Storage.Files;

namespace Forecasting.Storage.Datasets;

/// <summary>Column names of a long-format file (one row per series and time).</summary>
/// <param name="Signals">Further numeric columns read per row (e.g. views, searches, cart_adds), aligned with the values; an empty field is 0.</param>
public sealed record LongFormatColumns(string Id = "series_id", string Time = "t", string Value = "value", IReadOnlyList<string>? Signals = null);

/// <summary>How the time column was written.</summary>
public enum TimeKind
{
    /// <summary>An integer position (1, 2, 3, ...).</summary>
    Position,

    /// <summary>An ISO date, yyyy-MM-dd (daily steps).</summary>
    Date,

    /// <summary>A month, yyyy-MM.</summary>
    Month,
}

/// <summary>A loaded series: values by step from its first time (NaN where missing) and that first time.</summary>
public sealed record LongFormatSeries(string Id, TimeKind Kind, long FirstTime, double[] Values)
{
    /// <summary>The signal columns asked for, one array each aligned with <see cref="Values"/> (0 where a step had no row); empty when none were asked for.</summary>
    public IReadOnlyList<double[]> Signals { get; init; } = [];

    public EvaluationSeries ToEvaluation() => new(Id, Values);

    /// <summary>The time label of step <paramref name="index"/> as written in the input (position, date or month).</summary>
    public string TimeLabel(int index) => Kind switch
    {
        TimeKind.Position => (FirstTime + index).ToString(CultureInfo.InvariantCulture),
        TimeKind.Date => DateOnly.FromDayNumber((int)(FirstTime + index)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => $"{(FirstTime + index) / 12:D4}-{((FirstTime + index) % 12) + 1:D2}",
    };
}

/// <summary>
/// Reads long-format CSV (series id, time, value) with CsvHelper. Rows may come in any order; the time is
/// an integer position, an ISO date or a yyyy-MM month (detected from the first row, then required of
/// all); an empty value is missing (NaN) and so is a time step with no row. Leading and trailing missing
/// values are trimmed (a series observed only for its first months ends at its last observation); a
/// series with no value at all is returned empty, starting after its last row.
/// Errors name the file, line and column.
/// </summary>
public static class LongFormatLoader
{
    public static IReadOnlyList<LongFormatSeries> Load(string path, LongFormatColumns? columns = null)
    {
        using var stream = File.OpenRead(path);
        return Load(stream, path, columns);
    }

    public static IReadOnlyList<LongFormatSeries> Load(Stream stream, string source, LongFormatColumns? columns = null)
    {
        columns ??= new LongFormatColumns();
        var map = new Dictionary<string, string> { ["id"] = columns.Id, ["time"] = columns.Time, ["value"] = columns.Value };
        var signalNames = columns.Signals ?? [];
        foreach (string name in signalNames)
        {
            map["signal:" + name] = name;
        }

        using var table = new CsvTable(stream, source, ["id", "time", "value", .. signalNames.Select(n => "signal:" + n)], [], map);
        var order = new List<string>();
        var points = new Dictionary<string, List<(long Time, double Value, long Line, double[] Signals)>>(StringComparer.Ordinal);
        TimeKind? kind = null;
        while (table.Read())
        {
            if (table.CheckFieldCount() is { } reject)
            {
                throw new IngestFormatException($"{source}: line {reject.Line}: {reject.Reason}");
            }

            string id = table.Text(0);
            if (id.Length == 0)
            {
                throw new IngestFormatException($"{source}: line {table.Line}, column {columns.Id}: the series id is empty");
            }

            string timeText = table.Text(1);
            kind ??= Detect(timeText);
            long time = ParseTime(timeText, kind.Value) ?? throw new IngestFormatException(
                $"{source}: line {table.Line}, column {columns.Time}: '{timeText}' is not {Describe(kind.Value)} like the first row's time");
            string valueText = table.Text(2);
            double value = double.NaN;
            if (valueText.Length > 0 && (!double.TryParse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture, out value) || !double.IsFinite(value)))
            {
                throw new IngestFormatException($"{source}: line {table.Line}, column {columns.Value}: '{valueText}' is not a finite number");
            }

            var signals = new double[signalNames.Count];
            for (int c = 0; c < signals.Length; c++)
            {
                string text = table.Text(3 + c);
                if (text.Length > 0 && (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out signals[c]) || !double.IsFinite(signals[c]) || signals[c] < 0))
                {
                    throw new IngestFormatException($"{source}: line {table.Line}, column {signalNames[c]}: '{text}' is not a non-negative number");
                }
            }

            if (!points.TryGetValue(id, out var list))
            {
                points[id] = list = [];
                order.Add(id);
            }

            list.Add((time, value, table.Line, signals));
        }

        var result = new List<LongFormatSeries>(order.Count);
        foreach (string id in order)
        {
            var list = points[id];
            list.Sort((a, b) => a.Time.CompareTo(b.Time));
            for (int i = 1; i < list.Count; i++)
            {
                if (list[i].Time == list[i - 1].Time)
                {
                    throw new IngestFormatException($"{source}: line {list[i].Line}, column {columns.Time}: series '{id}' has this time twice (first on line {list[i - 1].Line})");
                }
            }

            var observed = list.Where(p => !double.IsNaN(p.Value)).ToList();
            if (observed.Count == 0)
            {
                result.Add(new LongFormatSeries(id, kind!.Value, list[^1].Time + 1, [])); // kept, never dropped silently
                continue;
            }

            long first = observed[0].Time, last = observed[^1].Time;
            var values = new double[last - first + 1];
            Array.Fill(values, double.NaN);
            foreach (var p in observed)
            {
                values[p.Time - first] = p.Value;
            }

            var signalValues = new double[signalNames.Count][];
            for (int c = 0; c < signalValues.Length; c++)
            {
                signalValues[c] = new double[values.Length];
                foreach (var p in list.Where(p => p.Time >= first && p.Time <= last))
                {
                    signalValues[c][p.Time - first] = p.Signals[c];
                }
            }

            result.Add(new LongFormatSeries(id, kind!.Value, first, values) { Signals = signalValues });
        }

        return result;
    }

    private static TimeKind Detect(string text) =>
        text.Length == 10 && text[4] == '-' ? TimeKind.Date : text.Length == 7 && text[4] == '-' ? TimeKind.Month : TimeKind.Position;

    private static string Describe(TimeKind kind) => kind switch
    {
        TimeKind.Position => "an integer position",
        TimeKind.Date => "a yyyy-MM-dd date",
        _ => "a yyyy-MM month",
    };

    private static long? ParseTime(string text, TimeKind kind)
    {
        switch (kind)
        {
            case TimeKind.Position:
                return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long position) ? position : null;
            case TimeKind.Date:
                return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date.DayNumber : null;
            default:
                return DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month) ? (month.Year * 12L) + month.Month - 1 : null;
        }
    }
}
