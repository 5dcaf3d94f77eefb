using System.Globalization;

namespace Forecasting.Web.Reports;

/// <summary>
/// Reads the numbers in a <see cref="ReportTable"/>'s formatted cells: which columns are numeric (right-aligned)
/// and which rows hold the best value of the highlight column. Cells are parsed with the invariant culture
/// (as the service writes them), allowing a sign, exponent, thousands commas and a trailing <c>%</c>.
/// </summary>
internal static class TableNumbers
{
    /// <summary>
    /// A column is numeric (right-aligned) when it has at least one number and every cell containing a digit is a
    /// number; cells without digits ("n/a", "-", blank) are placeholders and do not decide. So "SKU-1" makes a
    /// column text, while a metric column with a few "n/a" stays numeric.
    /// </summary>
    public static bool[] NumericColumns(ReportTable table)
    {
        var numeric = new bool[table.Columns.Count];
        for (int c = 0; c < numeric.Length; c++)
        {
            bool any = false;
            bool all = true;
            foreach (IReadOnlyList<string> row in table.Rows)
            {
                if (!row[c].AsSpan().ContainsAnyInRange('0', '9'))
                {
                    continue;
                }

                if (TryParse(row[c], out _))
                {
                    any = true;
                }
                else
                {
                    all = false;
                    break;
                }
            }

            numeric[c] = any && all;
        }

        return numeric;
    }

    /// <summary>
    /// Rows whose cell in <see cref="ReportTable.HighlightColumn"/> equals the best (lowest or highest) number of
    /// that column; ties are all returned. Empty when there is no highlight column or no number in it.
    /// </summary>
    public static IReadOnlySet<int> BestRows(ReportTable table)
    {
        if (table.HighlightColumn is not int column)
        {
            return new HashSet<int>();
        }

        double best = table.LowerIsBetter ? double.PositiveInfinity : double.NegativeInfinity;
        var rows = new HashSet<int>();
        for (int r = 0; r < table.Rows.Count; r++)
        {
            if (!TryParse(table.Rows[r][column], out double value))
            {
                continue;
            }

            bool better = table.LowerIsBetter ? value < best : value > best;
            if (better)
            {
                best = value;
                rows.Clear();
            }

            if (value == best)
            {
                rows.Add(r);
            }
        }

        return rows;
    }

    /// <summary>Parses an invariant number, with an optional trailing percent sign; NaN and infinities are not numbers here.</summary>
    public static bool TryParse(string? cell, out double value)
    {
        ReadOnlySpan<char> text = cell.AsSpan().Trim();
        if (text.EndsWith('%'))
        {
            text = text[..^1].TrimEnd();
        }

        return double.TryParse(text, NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out value)
            && double.IsFinite(value);
    }
}
