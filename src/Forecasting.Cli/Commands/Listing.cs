using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Forecasting.Storage.Files;
using Spectre.Console;

namespace Forecasting.Cli.Commands;

/// <summary>How a listing command prints its rows.</summary>
internal enum ListingFormat
{
    /// <summary>A table for people (plain text when the output is not a terminal).</summary>
    Table,

    /// <summary>RFC 4180 CSV with a header row, invariant culture.</summary>
    Csv,

    /// <summary>A JSON array of objects keyed by the column names; numbers stay numbers.</summary>
    Json,
}

/// <summary>
/// Prints the rows of a listing command (<c>keys list</c>, <c>proposals list</c>, <c>rejects</c>, <c>run</c>...) in the
/// format the user asked for with <c>--format table|csv|json</c>. CSV and JSON go straight to the console's output
/// writer, never through markup, wrapping or colour, so scripts can parse them.
/// </summary>
internal static class Listing
{
    public static Option<ListingFormat> FormatOption() => new("--format")
    {
        Description = "table (default), csv or json",
        DefaultValueFactory = _ => ListingFormat.Table,
    };

    /// <param name="rows">One value per column: strings, numbers, dates or null (empty in CSV, null in JSON).</param>
    public static void Write(IAnsiConsole console, ListingFormat format, IReadOnlyList<string> columns, IEnumerable<IReadOnlyList<object?>> rows)
    {
        switch (format)
        {
            case ListingFormat.Csv:
                WriteCsv(console.Profile.Out.Writer, columns, rows);
                break;
            case ListingFormat.Json:
                WriteJson(console.Profile.Out.Writer, columns, rows);
                break;
            default:
                var table = new Table().AddColumns(columns.Select(Markup.Escape).ToArray());
                foreach (var row in rows)
                {
                    table.AddRow(row.Select(v => Markup.Escape(Text(v))).ToArray());
                }

                console.Write(table);
                break;
        }
    }

    private static void WriteCsv(TextWriter writer, IReadOnlyList<string> columns, IEnumerable<IReadOnlyList<object?>> rows)
    {
        writer.WriteLine(string.Join(',', columns.Select(CsvField.Quote)));
        foreach (var row in rows)
        {
            writer.WriteLine(string.Join(',', row.Select(v => CsvField.Quote(Text(v)))));
        }

        writer.Flush();
    }

    private static void WriteJson(TextWriter writer, IReadOnlyList<string> columns, IEnumerable<IReadOnlyList<object?>> rows)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartArray();
            foreach (var row in rows)
            {
                json.WriteStartObject();
                for (int i = 0; i < columns.Count; i++)
                {
                    json.WritePropertyName(columns[i]);
                    switch (row[i])
                    {
                        case null:
                            json.WriteNullValue();
                            break;
                        case int or long or short:
                            json.WriteNumberValue(Convert.ToInt64(row[i], CultureInfo.InvariantCulture));
                            break;
                        case double d when double.IsFinite(d):
                            json.WriteNumberValue(d);
                            break;
                        case decimal m:
                            json.WriteNumberValue(m);
                            break;
                        case bool b:
                            json.WriteBooleanValue(b);
                            break;
                        default:
                            json.WriteStringValue(Text(row[i]));
                            break;
                    }
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        writer.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
        writer.Flush();
    }

    /// <summary>Invariant text of a value: dates ISO 8601, numbers round-trippable.</summary>
    public static string Text(object? value) => value switch
    {
        null => "",
        DateTimeOffset t => t.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
