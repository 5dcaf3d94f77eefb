using System.Text;
using CsvHelper;
using Forecasting.Storage.Abstractions;

namespace Forecasting.Storage.Files;

/// <summary>
/// A CSV source read record by record with CsvHelper: resolves the header against the canonical columns
/// (through the column map), and gives fields by canonical column with the line each record starts on.
/// Handles a UTF-8 BOM, CRLF, quoted fields with separators, quotes and line breaks, and empty lines.
/// </summary>
public sealed class CsvTable : IDisposable
{
    private readonly CsvReader _reader;
    private readonly int[] _columns;
    private readonly int _headerCount;
    private IFieldLimits? _limitsOf;
    private int[] _limits = [];
    private int _shortestLimit;

    /// <param name="required">Canonical columns that must be present.</param>
    /// <param name="optional">Canonical columns read when present.</param>
    /// <exception cref="IngestFormatException">The file is empty or lacks a required column.</exception>
    public CsvTable(Stream stream, string source, IReadOnlyList<string> required, IReadOnlyList<string> optional, IReadOnlyDictionary<string, string> columnMap)
    {
        Source = source;
        _reader = CsvReader.Create(stream, new CsvReaderOptions
        {
            Separator = ',',
            HasHeader = true,
            SkipEmptyLines = true,
            TrackLineNumbers = true,
            TrimWhitespace = true,
            AllowLineBreaksInQuotes = true,
        }, leaveOpen: true);

        var headers = _reader.Headers;
        if (headers.Count == 0 || (headers.Count == 1 && string.IsNullOrWhiteSpace(headers[0])))
        {
            throw new IngestFormatException($"{source}: the file is empty (expected a header row with {string.Join(", ", required)}).");
        }

        _headerCount = headers.Count;
        Names = [.. required, .. optional];
        _columns = new int[Names.Count];
        var missing = new List<string>();
        for (int i = 0; i < Names.Count; i++)
        {
            string wanted = columnMap.TryGetValue(Names[i], out var mapped) ? mapped : Names[i];
            _columns[i] = IndexOf(headers, wanted);
            if (_columns[i] < 0 && i < required.Count)
            {
                missing.Add(wanted == Names[i] ? $"'{wanted}'" : $"'{wanted}' (mapped from {Names[i]})");
            }
        }

        if (missing.Count > 0)
        {
            throw new IngestFormatException(
                $"{source}: line 1: missing required column{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)}; the header has {string.Join(", ", headers)}. Nothing was loaded.");
        }
    }

    public string Source { get; }

    /// <summary>Canonical column names: the required ones first, then the optional ones.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>1-based line where the current record starts (the header is line 1).</summary>
    public long Line => _reader.LineNumber;

    public long BytesRead => _reader.ByteOffset;

    public bool Read() => _reader.Read();

    /// <summary>The reject for a record whose field count differs from the header's, or null.</summary>
    public IngestReject? CheckFieldCount() =>
        _reader.FieldCount == _headerCount
            ? null
            : new IngestReject(Source, Line, "row", $"has {_reader.FieldCount} fields but the header has {_headerCount}", Truncate(Encoding.UTF8.GetString(_reader.RawRecord)));

    /// <summary>
    /// Adds a reject for each canonical field of the current record that no store can hold as it is: a NUL
    /// character (PostgreSQL text cannot contain U+0000), or more characters than the rules allow (keys:
    /// <see cref="IFieldLimits.LimitOf"/>).
    /// Checked before any value is parsed or registered, so such a field never reaches a store.
    /// </summary>
    /// <returns>The number of rejects added (0: the record can be parsed).</returns>
    public int CheckFields(IFieldLimits rules, List<IngestReject> rejects)
    {
        if (!ReferenceEquals(rules, _limitsOf))
        {
            _limits = [.. Names.Select(rules.LimitOf)];
            _shortestLimit = _limits.Min();
            _limitsOf = rules;
        }

        // Fast path (nearly every record): no field can be longer than the raw record, and unquoting adds no NUL.
        var raw = _reader.RawRecord;
        if (raw.Length <= _shortestLimit && raw.IndexOf((byte)0) < 0)
        {
            return 0;
        }

        int added = 0;
        for (int i = 0; i < _columns.Length; i++)
        {
            var utf8 = Utf8(i);
            int limit = _limits[i];
            string? reason = null;
            if (utf8.IndexOf((byte)0) >= 0)
            {
                reason = "contains a NUL character (U+0000), which a text field cannot hold";
            }
            else if (utf8.Length > limit && Encoding.UTF8.GetCharCount(utf8) is var length && length > limit)
            {
                reason = $"is {length:N0} characters long; the longest {(rules.IsKey(Names[i]) ? "key" : "value")} accepted is {limit} ({rules.SettingOf(Names[i])})";
            }

            if (reason is not null)
            {
                rejects.Add(new IngestReject(Source, Line, Names[i], reason, Truncate(Text(i))));
                added++;
            }
        }

        return added;
    }

    public bool Has(int column) => _columns[column] >= 0;

    /// <summary>The UTF-8 bytes of a canonical column; empty when the column is absent. Valid until the next read.</summary>
    public ReadOnlySpan<byte> Utf8(int column) => _columns[column] < 0 ? default : _reader.GetSpan(_columns[column]);

    public string Text(int column) => _columns[column] < 0 ? "" : _reader.GetString(_columns[column]) ?? "";

    /// <summary>A value as stored with a reject: its first 200 characters, a NUL shown as <c>\0</c> (a store
    /// could not hold the reject otherwise).</summary>
    public static string Truncate(string value)
    {
        var shown = value.Length <= 200 ? value : value[..200];
        return shown.Contains('\0', StringComparison.Ordinal) ? shown.Replace("\0", "\\0", StringComparison.Ordinal) : shown;
    }

    public void Dispose() => _reader.Dispose();

    private static int IndexOf(IReadOnlyList<string> headers, string name)
    {
        for (int i = 0; i < headers.Count; i++)
        {
            if (string.Equals(headers[i].Trim(), name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }
}
