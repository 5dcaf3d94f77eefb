using System.Globalization;
using Forecasting.Web.Reports;
using ScottPlot;

namespace Forecasting.Web.Tests.Reports;

/// <summary>The ScottPlot drawing behind every report chart.</summary>
public sealed class ChartRendererTests
{
    [Fact]
    public void Every_line_and_band_gets_its_legend_entry_once_and_gaps_split_it_into_runs()
    {
        var chart = new SeriesChart(
            "Demand, SKU-1 / north",
            "date",
            "units",
            ["2025-01-01", "2025-01-02", "2025-01-03", "2025-01-04", "2025-01-05"],
            [
                new ChartLine("actual", [10, 12.5, null, 11, 9], ReportPalette.Actual),
                new ChartLine("forecast", [null, double.NaN, 14.25, 0.1, double.PositiveInfinity], "#0072B2", Dashed: true),
            ],
            [new ChartBand("p10-p90", [null, 11, 12, 0, 1], [null, 14, 17.5, 1.5, 2], "#abc")]);

        var plot = ChartRenderer.CreatePlot(chart);

        var legend = plot.GetPlottables().SelectMany(p => p.LegendItems).Select(i => i.LabelText).Where(t => t.Length > 0).ToList();
        Assert.Equal(["p10-p90", "actual", "forecast"], legend);
        Assert.Equal(2, plot.GetPlottables<ScottPlot.Plottables.Scatter>().Count(s => s.Color.ToHex().Equals(Color.FromHex(ReportPalette.Actual).ToHex(), StringComparison.OrdinalIgnoreCase))); // two runs around the gap
        Assert.All(plot.GetPlottables<ScottPlot.Plottables.Scatter>().Where(s => s.Color.ToHex().Equals("#0072B2", StringComparison.OrdinalIgnoreCase)), s => Assert.Equal(LinePattern.Dashed, s.LinePattern));
        Assert.Equal("date", plot.Axes.Bottom.Label.Text);
        Assert.Equal("units", plot.Axes.Left.Label.Text);
    }

    [Fact]
    public void Ticks_show_the_date_labels_and_invariant_numbers_under_a_comma_decimal_culture()
    {
        CultureInfo saved = CultureInfo.CurrentCulture;
        try
        {
            var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
            culture.NumberFormat.NumberDecimalSeparator = ",";
            CultureInfo.CurrentCulture = culture;
            var labels = Enumerable.Range(0, 40).Select(i => new DateOnly(2025, 1, 1).AddDays(i).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToList();
            var chart = new SeriesChart("t", "", "", labels, [new ChartLine("x", [.. Enumerable.Range(0, 40).Select(i => (double?)(0.25 + i * 0.125))], ReportPalette.Forecast)], []);

            var plot = ChartRenderer.CreatePlot(chart);
            plot.RenderInMemory(ChartRenderer.DefaultWidth, ChartRenderer.DefaultHeight);

            var bottom = plot.Axes.Bottom.TickGenerator.Ticks.Select(t => t.Label).ToList();
            var left = plot.Axes.Left.TickGenerator.Ticks.Where(t => t.IsMajor).Select(t => t.Label).ToList();
            Assert.InRange(bottom.Count, 5, 8);
            Assert.Equal("2025-01-01", bottom[0]);
            Assert.All(bottom, label => Assert.Contains(label, labels));
            Assert.NotEmpty(left);
            Assert.All(left, label => Assert.DoesNotContain(",", label, StringComparison.Ordinal));
            Assert.Contains(left, label => label.Contains('.', StringComparison.Ordinal));
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void Png_is_a_png_image_of_the_asked_size()
    {
        var chart = new SeriesChart("t", "date", "units", ["a", "b"], [new ChartLine("x", [1, 2], ReportPalette.Actual)], []);

        byte[] png = ChartRenderer.Png(chart, 400, 200);

        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.Equal(400, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4))); // IHDR width
        Assert.Equal(200, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)));
    }

    [Fact]
    public void The_chart_font_is_installed_so_charts_look_the_same_on_every_machine()
    {
        using var typeface = SkiaSharp.SKFontManager.Default.MatchFamily(ChartRenderer.FontFamily);

        Assert.NotNull(typeface); // test.sh installs Debian's fonts-dejavu-core when it is missing
        Assert.Equal(ChartRenderer.FontFamily, typeface.FamilyName);
    }
}
