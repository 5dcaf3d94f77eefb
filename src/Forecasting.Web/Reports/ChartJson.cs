using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Forecasting.Web.Reports;

/// <summary>
/// The JSON that carries one <see cref="SeriesChart"/> to <see cref="ChartScript"/>, inside a
/// <c>&lt;script type="application/json"&gt;</c> element. Shape:
/// <c>{"title","xLabel","yLabel","labels":[..],"lines":[{"name","colour","dashed","values":[..]}],
/// "bands":[{"name","colour","lower":[..],"upper":[..]}]}</c>.
/// </summary>
/// <remarks>
/// Safe inside a script element because the encoder escapes <c>&lt;</c>, <c>&gt;</c> and <c>&amp;</c> as
/// <c>\u003C</c> etc., so neither <c>&lt;/script</c> nor <c>&lt;!--</c> can appear; it also escapes every
/// non-ASCII character, so the output is ASCII. Numbers are written by <see cref="Utf8JsonWriter"/>, which never
/// consults a culture; NaN and infinities become <c>null</c> (a gap), as JSON has no such numbers.
/// </remarks>
internal static class ChartJson
{
    private static readonly JsonWriterOptions s_options = new()
    {
        // The default encoder is the one that escapes HTML-sensitive characters; named so it is not "relaxed" later.
        Encoder = JavaScriptEncoder.Default,
        Indented = false,
    };

    private static readonly SearchValues<char> s_hexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    /// <exception cref="ArgumentException">
    /// A line or band does not have one value per label, or a colour is not <c>#rgb</c> or <c>#rrggbb</c>.
    /// </exception>
    public static string Serialize(SeriesChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        Validate(chart);

        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, s_options))
        {
            json.WriteStartObject();
            json.WriteString("title", chart.Title);
            json.WriteString("xLabel", chart.XLabel);
            json.WriteString("yLabel", chart.YLabel);

            json.WriteStartArray("labels");
            foreach (string label in chart.Labels)
            {
                json.WriteStringValue(label);
            }

            json.WriteEndArray();

            json.WriteStartArray("lines");
            foreach (ChartLine line in chart.Lines)
            {
                json.WriteStartObject();
                json.WriteString("name", line.Name);
                json.WriteString("colour", NormaliseColour(line.Colour));
                json.WriteBoolean("dashed", line.Dashed);
                WriteValues(json, "values", line.Values);
                json.WriteEndObject();
            }

            json.WriteEndArray();

            json.WriteStartArray("bands");
            foreach (ChartBand band in chart.Bands)
            {
                json.WriteStartObject();
                json.WriteString("name", band.Name);
                json.WriteString("colour", NormaliseColour(band.Colour));
                WriteValues(json, "lower", band.Lower);
                WriteValues(json, "upper", band.Upper);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        // ASCII by construction (see remarks), so decoding as UTF-8 is exact whatever the TextWriter's encoding.
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteValues(Utf8JsonWriter json, string name, IReadOnlyList<double?> values)
    {
        json.WriteStartArray(name);
        foreach (double? value in values)
        {
            if (value is double v && double.IsFinite(v))
            {
                json.WriteNumberValue(v);
            }
            else
            {
                json.WriteNullValue();
            }
        }

        json.WriteEndArray();
    }

    private static void Validate(SeriesChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart.Labels);
        ArgumentNullException.ThrowIfNull(chart.Lines);
        ArgumentNullException.ThrowIfNull(chart.Bands);
        int count = chart.Labels.Count;
        foreach (ChartLine line in chart.Lines)
        {
            RequireCount(chart, $"line '{line.Name}'", line.Values, count);
            RequireColour(chart, $"line '{line.Name}'", line.Colour);
        }

        foreach (ChartBand band in chart.Bands)
        {
            RequireCount(chart, $"band '{band.Name}' lower", band.Lower, count);
            RequireCount(chart, $"band '{band.Name}' upper", band.Upper, count);
            RequireColour(chart, $"band '{band.Name}'", band.Colour);
        }
    }

    private static void RequireCount(SeriesChart chart, string what, IReadOnlyList<double?> values, int count)
    {
        if (values is null || values.Count != count)
        {
            throw new ArgumentException(
                $"Chart '{chart.Title}': {what} has {values?.Count ?? 0} values but the chart has {count} labels.", nameof(chart));
        }
    }

    private static void RequireColour(SeriesChart chart, string what, string colour)
    {
        if (!IsHexColour(colour))
        {
            throw new ArgumentException(
                $"Chart '{chart.Title}': {what} has colour '{colour}'; expected #rgb or #rrggbb.", nameof(chart));
        }
    }

    private static bool IsHexColour(string? colour) =>
        colour is { Length: 4 or 7 } && colour[0] == '#' && colour.AsSpan(1).ContainsAnyExcept(s_hexDigits) is false;

    // The draw script appends two hex digits of alpha for band fills, so it needs the six-digit form.
    private static string NormaliseColour(string colour) =>
        colour.Length == 4
            ? string.Concat("#", new string(colour[1], 2), new string(colour[2], 2), new string(colour[3], 2)).ToLowerInvariant()
            : colour.ToLowerInvariant();
}
