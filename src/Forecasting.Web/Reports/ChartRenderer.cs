using System.Buffers;
using ScottPlot;

namespace Forecasting.Web.Reports;

/// <summary>
/// Draws a <see cref="SeriesChart"/> with ScottPlot, on the server, as SVG (inlined in reports: no script, no
/// browser library) or PNG (chart files). Bands are filled translucent under the
/// lines; a null, NaN or infinite value leaves a gap (the line or band is drawn in contiguous runs). X positions are
/// the label indices; about eight labels are shown as ticks; numbers on the value axis are formatted invariantly.
/// Text is SVG text in the font set here, XML-escaped by ScottPlot's SVG writer.
/// </summary>
/// <remarks>
/// The font is set explicitly (<see cref="FontFamily"/>, Debian's fonts-dejavu-core, which <c>test.sh</c> installs
/// when missing) so a chart looks the same on every machine; where it is missing, SkiaSharp falls back to a default
/// face. Stateless and thread-safe (a new ScottPlot <see cref="Plot"/> per call).
/// </remarks>
public static class ChartRenderer
{
    /// <summary>The font every chart is drawn with.</summary>
    public const string FontFamily = "DejaVu Sans";

    /// <summary>Default size of a report chart, in CSS pixels.</summary>
    public const int DefaultWidth = 960;

    /// <inheritdoc cref="DefaultWidth"/>
    public const int DefaultHeight = 340;

    private const int MaxTicks = 8;

    /// <summary>Legend entries drawn inside the data area; more go beside it. An unnamed line or band has no entry.</summary>
    private const int MaxLegendInside = 4;

    private static readonly SearchValues<char> s_hexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    /// <exception cref="ArgumentException">
    /// A line or band does not have one value per label, or a colour is not <c>#rgb</c> or <c>#rrggbb</c>.
    /// </exception>
    public static Plot CreatePlot(SeriesChart chart)
    {
        Validate(chart);
        var plot = new Plot();
        plot.Font.Set(FontFamily);
        int n = chart.Labels.Count;
        double[] xs = Enumerable.Range(0, n).Select(i => (double)i).ToArray();
        foreach (var band in chart.Bands)
        {
            var colour = Color.FromHex(NormaliseColour(band.Colour)).WithAlpha(0.35);
            bool first = true;
            foreach (var (start, length) in Runs(i => Finite(band.Lower[i]) && Finite(band.Upper[i]), n))
            {
                var fill = plot.Add.FillY(xs[start..(start + length)], Slice(band.Lower, start, length), Slice(band.Upper, start, length));
                fill.FillColor = colour;
                fill.LineWidth = 0;
                fill.LegendText = first ? band.Name : "";
                first = false;
            }
        }

        foreach (var line in chart.Lines)
        {
            var colour = Color.FromHex(NormaliseColour(line.Colour));
            bool first = true;
            foreach (var (start, length) in Runs(i => Finite(line.Values[i]), n))
            {
                var scatter = plot.Add.ScatterLine(xs[start..(start + length)], Slice(line.Values, start, length));
                scatter.Color = colour;
                scatter.LineWidth = 2;
                scatter.MarkerSize = length == 1 ? 5 : 0; // a lone point would otherwise be invisible
                scatter.LinePattern = line.Dashed ? LinePattern.Dashed : LinePattern.Solid;
                scatter.LegendText = first ? line.Name : "";
                first = false;
            }
        }

        int step = Math.Max(1, (int)Math.Ceiling(n / (double)MaxTicks));
        var ticks = Enumerable.Range(0, n).Where(i => i % step == 0).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            ticks.Select(i => (double)i).ToArray(), ticks.Select(i => chart.Labels[i] ?? "").ToArray());
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            LabelFormatter = value => value.ToString("G6", System.Globalization.CultureInfo.InvariantCulture), // never the current culture's comma
        };
        if (!string.IsNullOrEmpty(chart.XLabel))
        {
            plot.XLabel(chart.XLabel);
        }

        if (!string.IsNullOrEmpty(chart.YLabel))
        {
            plot.YLabel(chart.YLabel);
        }

        int named = chart.Lines.Count(l => l.Name.Length > 0) + chart.Bands.Count(b => b.Name.Length > 0);
        if (named > MaxLegendInside)
        {
            plot.ShowLegend(Edge.Right); // beside the data: a long legend inside would hide the lines
        }
        else if (named > 0)
        {
            plot.ShowLegend(Alignment.UpperLeft);
        }

        return plot;
    }

    /// <summary>
    /// The chart as an SVG element to inline in HTML: no XML declaration, pure ASCII (other characters become
    /// numeric character references), its element ids prefixed with <paramref name="idPrefix"/> so that several
    /// charts in one page keep unique ids.
    /// </summary>
    /// <inheritdoc cref="CreatePlot" path="/exception"/>
    public static string Svg(SeriesChart chart, string idPrefix = "", int width = DefaultWidth, int height = DefaultHeight)
    {
        string svg = CreatePlot(chart).GetSvgXml(width, height);
        int opening = svg.IndexOf("<svg", StringComparison.Ordinal);
        svg = opening > 0 ? svg[opening..] : svg;
        if (idPrefix.Length > 0)
        {
            svg = svg.Replace("id=\"", "id=\"" + idPrefix, StringComparison.Ordinal).Replace("url(#", "url(#" + idPrefix, StringComparison.Ordinal);
        }

        return AsciiOnly(svg);
    }

    /// <summary>The chart as a PNG image.</summary>
    /// <inheritdoc cref="CreatePlot" path="/exception"/>
    public static byte[] Png(SeriesChart chart, int width = DefaultWidth, int height = DefaultHeight) =>
        CreatePlot(chart).GetImageBytes(width, height, ImageFormat.Png);

    /// <summary>Non-ASCII characters as numeric character references, valid in SVG inlined in HTML.</summary>
    private static string AsciiOnly(string svg)
    {
        if (!svg.AsSpan().ContainsAnyExceptInRange('\0', '\x7f'))
        {
            return svg;
        }

        var ascii = new System.Text.StringBuilder(svg.Length + 64);
        foreach (var rune in svg.EnumerateRunes())
        {
            if (rune.IsAscii)
            {
                ascii.Append((char)rune.Value);
            }
            else
            {
                ascii.Append("&#x").Append(rune.Value.ToString("x", System.Globalization.CultureInfo.InvariantCulture)).Append(';');
            }
        }

        return ascii.ToString();
    }

    private static bool Finite(double? value) => value is { } v && double.IsFinite(v);

    private static double[] Slice(IReadOnlyList<double?> values, int start, int length)
    {
        var slice = new double[length];
        for (int i = 0; i < length; i++)
        {
            slice[i] = values[start + i]!.Value;
        }

        return slice;
    }

    /// <summary>The contiguous runs of indices where <paramref name="present"/> holds.</summary>
    private static IEnumerable<(int Start, int Length)> Runs(Func<int, bool> present, int count)
    {
        int i = 0;
        while (i < count)
        {
            if (!present(i))
            {
                i++;
                continue;
            }

            int start = i;
            while (i < count && present(i))
            {
                i++;
            }

            yield return (start, i - start);
        }
    }

    private static void Validate(SeriesChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
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

    /// <summary>A validated <c>#rgb</c> or <c>#rrggbb</c> colour as <c>#rrggbb</c>.</summary>
    private static string NormaliseColour(string colour) =>
        colour.Length == 4
            ? string.Concat("#", new string(colour[1], 2), new string(colour[2], 2), new string(colour[3], 2)).ToLowerInvariant()
            : colour.ToLowerInvariant();
}
