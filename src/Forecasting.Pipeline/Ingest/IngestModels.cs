using Forecasting.Storage.Files;
using Forecasting.Storage.Abstractions;

namespace Forecasting.Pipeline.Ingest;

/// <summary>Settings of one load.</summary>
public sealed record IngestOptions
{
    /// <summary>Rows per transaction: a load interrupted mid-way keeps whole batches only.</summary>
    /// <value>100,000.</value>
    public int BatchSize { get; init; } = 100_000;

    /// <summary>A .NET custom format for dates and timestamps that are not ISO 8601 (e.g. <c>dd/MM/yyyy</c>,
    /// <c>M/d/yyyy H:mm</c>). ISO dates are always accepted.</summary>
    public string? DateFormat { get; init; }

    /// <summary>Add SKUs and regions that are not known yet instead of rejecting their rows.</summary>
    /// <value>false.</value>
    public bool AutoRegister { get; init; }

    /// <summary>Source column for a canonical column, e.g. sku -> StockCode. Unmapped columns use their canonical name.</summary>
    public IReadOnlyDictionary<string, string> ColumnMap { get; init; } = new Dictionary<string, string>();

    /// <summary>A .NET regular expression matched against the whole SKU code (as if between <c>^(?:</c> and
    /// <c>)$</c>): rows whose SKU matches are excluded (not stored, counted in <see cref="Abstractions.IngestCounts.Excluded"/>),
    /// e.g. <c>POST|DOT|M|C2|BANK CHARGES|AMAZONFEE</c> for the postage and fee codes of a retail export.</summary>
    /// <value>null (nothing excluded).</value>
    public string? ExcludeSku { get; init; }

    /// <summary>How many rejects the report carries (all of them are stored).</summary>
    /// <value>20.</value>
    public int RejectSample { get; init; } = 20;

    /// <summary>Parses <c>sku=StockCode,quantity=Quantity</c> into a column map.</summary>
    /// <exception cref="FormatException">An entry is not of the form canonical=source.</exception>
    public static IReadOnlyDictionary<string, string> ParseColumnMap(string? text)
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (string.IsNullOrWhiteSpace(text))
        {
            return map;
        }

        foreach (var entry in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = entry.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
            {
                throw new FormatException($"Column mapping entry '{entry}' is not of the form column=SourceColumn.");
            }

            map[parts[0]] = parts[1];
        }

        return map;
    }
}

/// <summary>Progress of a load, for progress bars.</summary>
public readonly record struct IngestProgress(long BytesRead, long? TotalBytes, long RowsRead);

/// <summary>The outcome of one load.</summary>
/// <param name="Status">completed, failed or cancelled.</param>
/// <param name="FirstRejects">The first rejects in file order (all are stored).</param>
/// <param name="LoadId">The load's id in the store (<see cref="IngestLoad.Id"/>).</param>
public sealed record IngestReport(IngestKind Kind, string Source, string Status, IngestCounts Counts, IReadOnlyList<IngestReject> FirstRejects, TimeSpan Elapsed, long LoadId);
