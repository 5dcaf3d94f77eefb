using System.Globalization;
using System.Text;
using System.Text.Json;
using Forecasting.Core.Domain;
using Forecasting.Core.Forecasting.Signals;
using Forecasting.Core.Synthetic;

namespace Forecasting.Storage.Files;

/// <summary>
/// A platform folder written by <c>generate</c> read back for evaluation: the catalog, the ground truth,
/// and per SKU x region the daily units with their interest signals (views, searches, cart adds,
/// wishlist adds). A series starts at the item's launch (or the first day of the data) and ends on the
/// last day of the data; a day without a row is zero.
/// </summary>
public sealed record PlatformHistory(IReadOnlyList<CatalogItem> Catalog, GroundTruth Truth, IReadOnlyList<DemandSeries> Series, SignalPanel Signals)
{
    /// <summary>The signal columns of demand.csv, in the order the generator writes them.</summary>
    public static readonly IReadOnlyList<string> SignalColumns = ["views", "searches", "cart_adds", "wishlist_adds"];

    private static readonly JsonSerializerOptions TruthJson = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>The ground truth a generated platform was drawn from (<c>truth.json</c>).</summary>
    /// <exception cref="FormatException">The file is missing or is not ground truth JSON (the message names it).</exception>
    public static GroundTruth ReadTruth(string truthPath)
    {
        if (!File.Exists(truthPath))
        {
            throw new FormatException($"{truthPath}: not found (a folder written by 'forecasting generate' has it).");
        }

        try
        {
            using var stream = File.OpenRead(truthPath);
            return JsonSerializer.Deserialize<GroundTruth>(stream, TruthJson) ?? throw new FormatException($"{truthPath}: empty");
        }
        catch (JsonException e)
        {
            throw new FormatException($"{truthPath}: not valid ground truth JSON: {e.Message}", e);
        }
    }

    /// <exception cref="FormatException">A missing file or a malformed line (the message names file, line and field).</exception>
    public static PlatformHistory Read(string folder, CancellationToken cancellationToken = default)
    {
        var truth = ReadTruth(Path.Combine(folder, PlatformFiles.Truth));
        var catalog = ReadCatalog(Path.Combine(folder, PlatformFiles.Catalog));
        var (series, signals) = ReadDemand(Path.Combine(folder, PlatformFiles.Demand), truth.Options, catalog, cancellationToken);
        return new PlatformHistory(catalog, truth, series, signals);
    }

    private static List<CatalogItem> ReadCatalog(string path)
    {
        var items = new List<CatalogItem>();
        int line = 0;
        foreach (string text in ReadLines(path))
        {
            if (line++ == 0 || text.Length == 0)
            {
                continue;
            }

            var f = text.Split(',');
            if (f.Length < 9)
            {
                throw new FormatException($"{path}: line {line}: expected 9 fields (sku,category,style,color,material,launch_date,price,unit_cost,case_pack), found {f.Length}");
            }

            DateOnly? launch = f[5].Length == 0 ? null : DateOnly.TryParseExact(f[5], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
                : throw new FormatException($"{path}: line {line}, field launch_date: '{f[5]}' is not a yyyy-MM-dd date");
            items.Add(new CatalogItem(f[0], f[1], f[2], f[3], f[4], launch, Money(f[6], path, line, "price"), Money(f[7], path, line, "unit_cost"),
                int.TryParse(f[8], NumberStyles.Integer, CultureInfo.InvariantCulture, out int pack) && pack >= 1 ? pack
                    : throw new FormatException($"{path}: line {line}, field case_pack: '{f[8]}' is not a whole number of at least 1")));
        }

        return items;
    }

    private static (List<DemandSeries>, SignalPanel) ReadDemand(string path, GeneratorOptions options, List<CatalogItem> catalog, CancellationToken cancellationToken)
    {
        int start = options.Start.DayNumber, days = options.Days;
        var launchOf = catalog.ToDictionary(c => c.Sku, c => c.LaunchDate, StringComparer.Ordinal);
        var index = new Dictionary<(string Sku, string Region), int>();
        var columns = new List<float[][]>();
        var keys = new List<SeriesKey>();
        var fields = new Range[10];
        int line = 0;
        foreach (string text in ReadLines(path))
        {
            line++;
            if (line == 1)
            {
                if (!text.StartsWith("sku,region,date,units,returns,views,searches,cart_adds,wishlist_adds", StringComparison.Ordinal))
                {
                    throw new FormatException($"{path}: line 1: expected the header sku,region,date,units,returns,views,searches,cart_adds,wishlist_adds");
                }

                continue;
            }

            if ((line & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var span = text.AsSpan();
            if (span.Split(fields, ',') != 9)
            {
                throw new FormatException($"{path}: line {line}: expected 9 fields");
            }

            if (!DateOnly.TryParseExact(span[fields[2]], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) || (uint)(date.DayNumber - start) >= (uint)days)
            {
                throw new FormatException($"{path}: line {line}, field date: '{span[fields[2]]}' is not a yyyy-MM-dd date inside {options.Start:yyyy-MM-dd}..{options.End:yyyy-MM-dd}");
            }

            var key = (span[fields[0]].ToString(), span[fields[1]].ToString());
            if (!index.TryGetValue(key, out int s))
            {
                s = index[key] = columns.Count;
                columns.Add([new float[days], new float[days], new float[days], new float[days], new float[days]]);
                keys.Add(new SeriesKey(key.Item1, key.Item2));
            }

            for (int c = 0; c < 5; c++)
            {
                int f = c == 0 ? 3 : c + 4;
                if (!int.TryParse(span[fields[f]], NumberStyles.None, CultureInfo.InvariantCulture, out int count))
                {
                    throw new FormatException($"{path}: line {line}, field {(c == 0 ? "units" : SignalColumns[c - 1])}: '{span[fields[f]]}' is not a non-negative whole number");
                }

                columns[s][c][date.DayNumber - start] += count;
            }
        }

        var series = new List<DemandSeries>(keys.Count);
        var signals = new List<SeriesSignals>(keys.Count);
        for (int s = 0; s < keys.Count; s++)
        {
            int first = 0;
            if (launchOf.GetValueOrDefault(keys[s].Sku) is { } launch)
            {
                first = Math.Clamp(launch.DayNumber - start, 0, days - 1);
            }

            var data = columns[s];
            int length = days - first;
            var firstDay = DateOnly.FromDayNumber(start + first);
            series.Add(new DemandSeries(keys[s], Granularity.Day, firstDay, [.. data[0].AsSpan(first, length).ToArray().Select(v => (double)v)]));
            signals.Add(new SeriesSignals(keys[s], firstDay, SignalColumns, [.. data.Skip(1).Select(col => col.AsSpan(first, length).ToArray().Select(v => (double)v).ToArray())]));
            columns[s] = [];
        }

        return (series, new SignalPanel(signals));
    }

    private static IEnumerable<string> ReadLines(string path)
    {
        if (!File.Exists(path))
        {
            throw new FormatException($"{path}: not found (--platform needs a folder written by 'forecasting generate').");
        }

        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, 1 << 20);
        while (reader.ReadLine() is { } text)
        {
            yield return text;
        }
    }

    private static decimal? Money(string text, string path, int line, string field) =>
        text.Length == 0 ? null : decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out decimal value) && value >= 0 ? value
            : throw new FormatException($"{path}: line {line}, field {field}: '{text}' is not a non-negative amount");
}
