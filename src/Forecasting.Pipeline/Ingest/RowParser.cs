using Forecasting.Storage.Files;
using Forecasting.Storage.Abstractions;

namespace Forecasting.Pipeline.Ingest;

/// <summary>
/// Turns the current record of a <see cref="CsvTable"/> into a validated row, or into one reject per bad
/// field (so a user fixes a row once, not field by field).
/// </summary>
/// <param name="window">The observation dates the load accepts (demand date, order timestamp, inventory as_of).</param>
internal abstract class RowParser<TRow>(CsvTable table, ReferenceResolver reference, IngestOptions options, DateWindow window)
    where TRow : struct
{
    protected CsvTable Table { get; } = table;

    protected IngestOptions Options { get; } = options;

    /// <summary>False (and a reject naming the column) when an observation date is outside the load's window.</summary>
    protected bool Observed(int column, DateOnly date, List<IngestReject> rejects)
    {
        if (window.Refuse(date) is { } reason)
        {
            Reject(rejects, column, reason);
            return false;
        }

        return true;
    }

    /// <summary>The row, or null when it was rejected (its rejects are in <paramref name="rejects"/>).</summary>
    public abstract ValueTask<TRow?> ParseAsync(List<IngestReject> rejects, CancellationToken cancellationToken);

    protected void Reject(List<IngestReject> rejects, int column, string reason) =>
        rejects.Add(new IngestReject(Table.Source, Table.Line, Table.Names[column], reason, CsvTable.Truncate(Table.Text(column))));

    protected async ValueTask<int?> SkuAsync(int column, List<IngestReject> rejects, CancellationToken cancellationToken)
    {
        var utf8 = Table.Utf8(column);
        if (reference.TryKnownSku(utf8, out int id))
        {
            return id;
        }

        if (utf8.IsEmpty)
        {
            Reject(rejects, column, "required value is empty");
            return null;
        }

        var code = Table.Text(column);
        var resolved = await reference.SkuAsync(code, cancellationToken);
        if (resolved is null)
        {
            Reject(rejects, column, $"unknown SKU '{code}' (not in the catalog; load the catalog first or pass --auto-register)");
        }

        return resolved;
    }

    protected async ValueTask<int?> RegionAsync(int column, List<IngestReject> rejects, CancellationToken cancellationToken)
    {
        var utf8 = Table.Utf8(column);
        if (reference.TryKnownRegion(utf8, out int id))
        {
            return id;
        }

        if (utf8.IsEmpty)
        {
            Reject(rejects, column, "required value is empty");
            return null;
        }

        var code = Table.Text(column);
        var resolved = await reference.RegionAsync(code, cancellationToken);
        if (resolved is null)
        {
            Reject(rejects, column, $"unknown region '{code}' (not in the network; load the network first or pass --auto-register)");
        }

        return resolved;
    }

    protected string? Warehouse(int column, List<IngestReject> rejects)
    {
        var code = Table.Text(column);
        if (code.Length == 0)
        {
            Reject(rejects, column, "required value is empty");
            return null;
        }

        if (!reference.Warehouses.Contains(code))
        {
            Reject(rejects, column, $"unknown warehouse '{code}' (not in the network; load the network first)");
            return null;
        }

        return code;
    }

    protected DateOnly? Date(int column, bool required, List<IngestReject> rejects)
    {
        if (!required && Table.Utf8(column).IsEmpty)
        {
            return null;
        }

        if (FieldParsers.TryDate(Table.Utf8(column), Options.DateFormat, out var date, out var reason))
        {
            return date;
        }

        Reject(rejects, column, reason);
        return null;
    }

    /// <summary>A non-negative whole count; an optional column that is empty or absent reads as 0.</summary>
    protected int? Count(int column, bool required, List<IngestReject> rejects)
    {
        if (FieldParsers.TryCount(Table.Utf8(column), required ? null : 0, out int value, out var reason))
        {
            return value;
        }

        Reject(rejects, column, reason);
        return null;
    }

    protected decimal? Money(int column, List<IngestReject> rejects, out bool ok)
    {
        ok = FieldParsers.TryMoney(Table.Utf8(column), out var value, out var reason);
        if (!ok)
        {
            Reject(rejects, column, reason);
        }

        return value;
    }
}
