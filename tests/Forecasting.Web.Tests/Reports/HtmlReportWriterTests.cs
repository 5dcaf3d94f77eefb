using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Forecasting.Web.Reports;

namespace Forecasting.Web.Tests.Reports;

public sealed partial class HtmlReportWriterTests
{
    private const string Hostile = "<script>alert('x')</script>";
    private const string ScriptBreakout = "</script><script>alert(1)</script>";
    private static readonly DateTimeOffset s_generatedAt = new(2025, 3, 14, 9, 26, 53, TimeSpan.FromHours(1));

    [Fact]
    public void Write_DocumentWithChart_InlinesAnSvgDrawnOnTheServerAndNoScript()
    {
        string html = Render(Document(SampleChart()));

        string svg = Assert.Single(SvgOf(html));
        Assert.Contains("<figure class=\"chart-box\" id=\"chart-1\" role=\"img\" aria-label=\"SKU-1 north\"><svg", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<?xml", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("fill=\"#56B4E9\" fill-opacity=", svg, StringComparison.Ordinal); // the band, translucent
        Assert.Contains("stroke=\"#222\" stroke-width=\"2\"", svg, StringComparison.Ordinal); // the line
        Assert.Contains("font-family=\"DejaVu Sans\"", svg, StringComparison.Ordinal); // the font is set explicitly
        Assert.Matches(@"<text[^>]*>\s*actual\s*</text>", svg); // legend
    }

    [Fact]
    public void Write_DocumentWithoutCharts_LeavesTheLibraryOut()
    {
        string html = Render(Document(SampleTable()));

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.True(html.Length < 20_000, $"a table-only report should be small, was {html.Length} chars");
    }

    [Fact]
    public void Write_FullDocument_LoadsNothingFromOutside()
    {
        string html = Render(Document(SampleSummary(), SampleTable(), SampleChart()));

        Assert.Empty(ExternalLoad().Matches(html));
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        string css = Assert.Single(Style().Matches(html)).Groups["css"].Value;
        Assert.DoesNotContain("@import", css, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("url(", css, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@font-face", css, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Write_FullDocument_IsAscii()
    {
        var doc = new ReportDocument(
            "Nachfrage Größe M", "Région: Île-de-France \u2013 \u00e9t\u00e9", [SampleSummary(), SampleTable(), SampleChart()], s_generatedAt);

        string html = Render(doc);

        Assert.True(Ascii.IsValid(html), "non-ASCII text should be written as character references");
        Assert.Contains("Gr&#xF6;&#xDF;e", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_HostileText_IsEncodedEverywhere()
    {
        var summary = new KeyValueSummary(Hostile, [new(Hostile, "<b>bold</b>")]);
        var table = new ReportTable(Hostile, [Hostile, "WAPE"], [["<img src=x onerror=alert(1)>", "0.1"], ["a & b \"q\" 'q'", "0.2"]], HighlightColumn: 1);
        var chart = SampleChart() with
        {
            Title = Hostile,
            XLabel = ScriptBreakout,
            Lines = [new ChartLine(Hostile, [1, 2, 3], ReportPalette.Actual)],
        };
        var doc = new ReportDocument(Hostile, Hostile, [summary, table, chart], s_generatedAt);

        string html = Render(doc);

        Assert.DoesNotContain("<script>alert", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>bold", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<title>&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;</title>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", html, StringComparison.Ordinal);
        Assert.Contains("a &amp; b &quot;q&quot; &#x27;q&#x27;", html, StringComparison.Ordinal);
        Assert.Contains("aria-label=\"&lt;script&gt;", html, StringComparison.Ordinal);

        Assert.Equal(0, ScriptOpen().Count(html)); // no script at all: charts are SVG
        Assert.Equal(0, ScriptClose().Count(html));
    }

    [Fact]
    public void Write_MarkupInChartText_CannotBecomeMarkup()
    {
        var chart = SampleChart() with
        {
            Title = ScriptBreakout,
            YLabel = "<!-- <script>",
            Labels = ["2025-01-01", ScriptBreakout, "2025-01-03"],
            Bands = [new ChartBand(ScriptBreakout, [0, 1, 2], [2, 3, 4], ReportPalette.Interval)],
        };

        string html = Render(Document(chart));
        string svg = Assert.Single(SvgOf(html));

        Assert.Contains("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;", svg, StringComparison.Ordinal); // an x label, escaped
        Assert.Contains("&lt;!-- &lt;script&gt;", svg, StringComparison.Ordinal); // the y axis title
        Assert.DoesNotContain("<!--", svg, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("aria-label=\"&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_UnderCommaDecimalCulture_WritesInvariantNumbers()
    {
        CultureInfo saved = CultureInfo.CurrentCulture;
        CultureInfo savedUi = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentCulture = GermanStyleCulture();
            CultureInfo.CurrentUICulture = GermanStyleCulture();
            Assert.Equal("1234,5", 1234.5.ToString(CultureInfo.CurrentCulture)); // the culture really is hostile

            var chart = SampleChart() with
            {
                Lines = [new ChartLine("units", [1234.5, -0.25, 3e-7], ReportPalette.Actual)],
            };
            var table = new ReportTable("errors", ["model", "WAPE"], [["a", "12.5"], ["b", "3.25"], ["c", "100"]], HighlightColumn: 1);
            var writer = new StringWriter(CultureInfo.CurrentCulture);
            HtmlReportWriter.Write(writer, Document(table, chart));
            string html = writer.ToString();
            Assert.Single(SvgOf(html));
            Assert.Contains("datetime=\"2025-03-14T09:26:53+01:00\"", html, StringComparison.Ordinal);
            Assert.Contains(">2025-03-14 09:26 UTC+01:00</time>", html, StringComparison.Ordinal);
            // "3.25" is the lowest only when read invariantly (a comma-decimal culture reads it as 325).
            Assert.Contains("<td class=\"num best\" title=\"best\">3.25</td>", html, StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
            CultureInfo.CurrentUICulture = savedUi;
        }
    }

    [Fact]
    public void Write_SeveralCharts_EachGetsItsOwnFigureWithUniqueIds()
    {
        string html = Render(Document(SampleChart(), SampleChart() with { Title = "second" }));

        Assert.Contains("id=\"chart-1\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"chart-2\"", html, StringComparison.Ordinal);
        Assert.Equal(2, SvgOf(html).Count);
        var ids = ElementId().Matches(html).Select(m => m.Groups["id"].Value).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count()); // clip paths of the two charts do not collide
        Assert.All(UrlReference().Matches(html), m => Assert.Contains(m.Groups["id"].Value, ids));
    }

    [Fact]
    public void Write_NoSections_YieldsACompleteDocument()
    {
        string html = Render(new ReportDocument("Empty", "", [], s_generatedAt));

        Assert.StartsWith("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">", html, StringComparison.Ordinal);
        Assert.EndsWith("</body>\n</html>\n", html, StringComparison.Ordinal);
        foreach (string tag in new[] { "html", "head", "title", "style", "body", "header", "h1", "main", "footer" })
        {
            Assert.Equal(1, Regex.Count(html, $"<{tag}[ >]"));
            Assert.Equal(1, Regex.Count(html, $"</{tag}>"));
        }

        Assert.Contains("<title>Empty</title>", html, StringComparison.Ordinal);
        Assert.Contains("This report has no sections.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("class=\"subtitle\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_Summary_WritesEachItemInOrder()
    {
        string html = Render(Document(SampleSummary()));

        Assert.Contains("<h2>Run</h2>", html, StringComparison.Ordinal);
        Assert.Contains("<div><dt>Series</dt><dd>120</dd></div>\n<div><dt>WAPE</dt><dd>18.4 %</dd></div>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_TableWithLowerIsBetter_HighlightsEveryLowestCellOnly()
    {
        var table = new ReportTable(
            "Accuracy",
            ["model", "WAPE", "bias"],
            [["ssa", "12.0 %", "0.1"], ["naive", "30 %", "n/a"], ["croston", "12 %", "-0.2"], ["ets", "n/a", "0.3"]],
            HighlightColumn: 1);

        string html = Render(Document(table));

        // "n/a" is a placeholder: skipped for the best value, and it does not make the column text-aligned.
        Assert.Contains("<th scope=\"col\">model</th><th scope=\"col\" class=\"num\">WAPE</th><th scope=\"col\" class=\"num\">bias</th>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><td>ssa</td><td class=\"num best\" title=\"best\">12.0 %</td><td class=\"num\">0.1</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><td>naive</td><td class=\"num\">30 %</td><td class=\"num\">n/a</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><td>croston</td><td class=\"num best\" title=\"best\">12 %</td><td class=\"num\">-0.2</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><td>ets</td><td class=\"num\">n/a</td><td class=\"num\">0.3</td></tr>", html, StringComparison.Ordinal);
        Assert.Equal(2, Regex.Count(html, "title=\"best\""));
    }

    [Fact]
    public void Write_TableColumnWithDigitsThatAreNotNumbers_IsText()
    {
        var table = new ReportTable("Stock", ["sku", "on hand"], [["SKU-1", "4"], ["SKU-22", "10"]]);

        string html = Render(Document(table));

        Assert.Contains("<th scope=\"col\">sku</th><th scope=\"col\" class=\"num\">on hand</th>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><td>SKU-22</td><td class=\"num\">10</td></tr>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_TableWithHigherIsBetter_HighlightsTheLargestAndAlignsNumbers()
    {
        var table = new ReportTable(
            "Coverage",
            ["region", "coverage"],
            [["north", "0.78"], ["south", "0.81"], ["east", ""]],
            HighlightColumn: 1,
            LowerIsBetter: false);

        string html = Render(Document(table));

        Assert.Contains("<th scope=\"col\">region</th><th scope=\"col\" class=\"num\">coverage</th>", html, StringComparison.Ordinal);
        Assert.Contains("<td>south</td><td class=\"num best\" title=\"best\">0.81</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td>north</td><td class=\"num\">0.78</td>", html, StringComparison.Ordinal);
        Assert.Equal(1, Regex.Count(html, "title=\"best\""));
    }

    [Fact]
    public void Write_TableWithoutHighlight_MarksNothing()
    {
        string html = Render(Document(SampleTable() with { HighlightColumn = null }));

        Assert.DoesNotContain("best\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_LineWithWrongValueCount_ThrowsBeforeWriting()
    {
        var chart = SampleChart() with { Lines = [new ChartLine("short", [1, 2], ReportPalette.Actual)] };
        var writer = new StringWriter(CultureInfo.InvariantCulture);

        var error = Assert.Throws<ArgumentException>(() => HtmlReportWriter.Write(writer, Document(SampleTable(), chart)));

        Assert.Contains("line 'short' has 2 values but the chart has 3 labels", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, writer.GetStringBuilder().Length);
    }

    [Theory]
    [InlineData("red")]
    [InlineData("#12345")]
    [InlineData("#gggggg")]
    [InlineData("#123456;x")]
    [InlineData("")]
    public void Write_NonHexColour_Throws(string colour)
    {
        var chart = SampleChart() with { Bands = [new ChartBand("band", [1, 2, 3], [2, 3, 4], colour)] };

        var error = Assert.Throws<ArgumentException>(() => Render(Document(chart)));

        Assert.Contains("expected #rgb or #rrggbb", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_TableRowWithWrongCellCount_Throws()
    {
        var table = new ReportTable("t", ["a", "b"], [["1", "2"], ["3"]]);

        var error = Assert.Throws<ArgumentException>(() => Render(Document(table)));

        Assert.Contains("row 1 has 1 cells but the table has 2 columns", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_HighlightColumnOutOfRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Render(Document(SampleTable() with { HighlightColumn = 5 })));
    }

    private static string Render(ReportDocument document)
    {
        var writer = new StringWriter(CultureInfo.InvariantCulture);
        HtmlReportWriter.Write(writer, document);
        return writer.ToString();
    }

    private static ReportDocument Document(params ReportSection[] sections) =>
        new("Demand report", "All regions", sections, s_generatedAt);

    private static KeyValueSummary SampleSummary() =>
        new("Run", [new("Series", "120"), new("WAPE", "18.4 %")]);

    private static ReportTable SampleTable() =>
        new("Accuracy by model", ["model", "WAPE"], [["ssa", "0.18"], ["naive", "0.31"]], HighlightColumn: 1);

    private static SeriesChart SampleChart() =>
        new(
            "SKU-1 north",
            "date",
            "units",
            ["2025-01-01", "2025-01-02", "2025-01-03"],
            [new ChartLine("actual", [1, 2, 3], ReportPalette.Actual)],
            [new ChartBand("p10-p90", [0.5, 1.5, 2.5], [1.5, 2.5, 3.5], ReportPalette.Interval)]);

    private static List<string> SvgOf(string html) =>
        [.. InlineSvg().Matches(html).Select(m => m.Value)];


    // Stand-in for de-DE: with InvariantGlobalization (Directory.Build.props) there is no ICU data and "de-DE"
    // cannot be created, so take invariant and give it de-DE's number separators, plus a non-colon time
    // separator that would leak through a format string's ':' if the writer read the current culture.
    private static CultureInfo GermanStyleCulture()
    {
        var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        culture.NumberFormat.NumberDecimalSeparator = ",";
        culture.NumberFormat.NumberGroupSeparator = ".";
        culture.NumberFormat.PercentDecimalSeparator = ",";
        culture.NumberFormat.PercentGroupSeparator = ".";
        culture.DateTimeFormat.TimeSeparator = ".";
        return culture;
    }

    [GeneratedRegex("<svg.*?</svg>", RegexOptions.Singleline)]
    private static partial Regex InlineSvg();

    [GeneratedRegex("\\sid=\"(?<id>[^\"]+)\"")]
    private static partial Regex ElementId();

    [GeneratedRegex("url\\(#(?<id>[^)]+)\\)")]
    private static partial Regex UrlReference();

    // A src/href/action/srcset/poster attribute naming an absolute or protocol-relative URL.
    [GeneratedRegex("""\b(?:src|href|action|srcset|poster|data)\s*=\s*["']?\s*(?:[a-z][a-z0-9+.-]*:|//)""", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalLoad();

    [GeneratedRegex("<style>(?<css>.*?)</style>", RegexOptions.Singleline)]
    private static partial Regex Style();

    [GeneratedRegex("<script[\\s>]", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptOpen();

    [GeneratedRegex("</script", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptClose();
}
