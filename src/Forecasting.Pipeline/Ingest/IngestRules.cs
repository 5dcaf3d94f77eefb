using System.Globalization;
using Forecasting.Storage.Files;

namespace Forecasting.Pipeline.Ingest;

/// <summary>
/// The data rules every load applies, whoever starts it (the CLI, the scheduled ingest job, the HTTP API):
/// which observation dates are plausible and how long a field may be. Configuration section
/// <c>Forecasting:Ingest</c> (see docs/ingest-rules.md); <see cref="Validate"/> names the key of a bad setting.
/// </summary>
/// <remarks>
/// Why dates are bounded: one demand row dated 2999-01-01 becomes the training cut-off and every forecast
/// drops to ~0 (and the dense series span ~1,000 years). Why lengths are bounded: a key is stored in unique
/// indexes (PostgreSQL refuses a B-tree entry over ~2.7 kB and then aborts the whole batch), and no real SKU,
/// region, warehouse or order id is longer than a few dozen characters.
/// </remarks>
public sealed record IngestRules : IFieldLimits
{
    public const string Section = "Forecasting:Ingest";

    /// <summary>Days after today (UTC, from the injected clock) that an observation may still be dated:
    /// covers exports from time zones ahead of UTC and a clock slightly behind. Applies to demand <c>date</c>,
    /// order line <c>timestamp</c> and inventory <c>as_of</c>.</summary>
    /// <value>2.</value>
    public int FutureToleranceDays { get; init; } = 2;

    /// <summary>The earliest observation date accepted (same fields as <see cref="FutureToleranceDays"/>).</summary>
    /// <value>2000-01-01.</value>
    public DateOnly EarliestDate { get; init; } = new(2000, 1, 1);

    /// <summary>Longest key, in characters: sku, region, warehouse, order_id.</summary>
    /// <value>64.</value>
    public int MaxKeyLength { get; init; } = 64;

    /// <summary>Longest value of any other column, in characters (catalog attributes, numbers, dates).</summary>
    /// <value>256.</value>
    public int MaxFieldLength { get; init; } = 256;

    /// <summary>The folder the scheduled ingest job loads new files from, in name order, each content once (see
    /// docs/inbox.md). Only the service reads it; null falls back to <c>Forecasting:DropFolder</c>.</summary>
    /// <value>null.</value>
    public string? Inbox { get; init; }

    /// <summary>The key columns, held to <see cref="MaxKeyLength"/>.</summary>
    public static IReadOnlySet<string> KeyColumns { get; } = new HashSet<string>(["sku", "region", "warehouse", "order_id"], StringComparer.Ordinal);

    public bool IsKey(string column) => KeyColumns.Contains(column);

    public int LimitOf(string column) => IsKey(column) ? MaxKeyLength : MaxFieldLength;

    public string SettingOf(string column) => $"{Section}:{(IsKey(column) ? nameof(MaxKeyLength) : nameof(MaxFieldLength))}";

    /// <summary>The observation dates accepted at <paramref name="now"/>: <see cref="EarliestDate"/> to today (UTC) +
    /// <see cref="FutureToleranceDays"/>, both included.</summary>
    internal DateWindow WindowAt(DateTimeOffset now) =>
        new(EarliestDate, DateOnly.FromDateTime(now.UtcDateTime).AddDays(FutureToleranceDays), FutureToleranceDays);

    /// <exception cref="ArgumentException">Every invalid setting, one per line, each naming its key.</exception>
    public void Validate()
    {
        var errors = new List<string>();
        if (FutureToleranceDays is < 0 or > 366)
        {
            errors.Add($"{Section}:FutureToleranceDays must be between 0 and 366 (was {FutureToleranceDays}).");
        }

        if (EarliestDate.Year < 1900)
        {
            errors.Add($"{Section}:EarliestDate must be 1900-01-01 or later (was {EarliestDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}).");
        }

        if (MaxKeyLength is < 1 or > 1024)
        {
            errors.Add($"{Section}:MaxKeyLength must be between 1 and 1024 (was {MaxKeyLength}).");
        }

        if (MaxFieldLength is < 64 or > 65_536)
        {
            errors.Add($"{Section}:MaxFieldLength must be between 64 and 65536 (was {MaxFieldLength}): an ISO timestamp with an offset alone takes 33.");
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid ingest settings:\n  " + string.Join("\n  ", errors));
        }
    }
}

/// <summary>The observation dates one load accepts (fixed when the load starts).</summary>
internal readonly record struct DateWindow(DateOnly Earliest, DateOnly Latest, int ToleranceDays)
{
    /// <summary>Null when <paramref name="date"/> is inside the window, else the reason it is refused.</summary>
    public string? Refuse(DateOnly date) =>
        date > Latest ? $"{Iso(date)} is in the future: the latest date accepted is {Iso(Latest)} (today + {ToleranceDays} days, {IngestRules.Section}:FutureToleranceDays)"
        : date < Earliest ? $"{Iso(date)} is before the earliest date accepted, {Iso(Earliest)} ({IngestRules.Section}:EarliestDate)"
        : null;

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
