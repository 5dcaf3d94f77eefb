using System.Text;

namespace Forecasting.Web.Reports;

/// <summary>
/// Third-party browser code compiled into this assembly (see <c>wwwroot/lib/chartjs/VENDORED.md</c>), so that a
/// report can inline it and open with no network. Thread-safe; each asset is read once, on first use.
/// </summary>
public static class VendoredAssets
{
    /// <summary>The exact Chart.js version vendored; must match the banner of the embedded file.</summary>
    public const string ChartJsVersion = "4.6.1";

    /// <summary>Logical name of the embedded <c>chart.umd.min.js</c> (set in Forecasting.Web.csproj).</summary>
    public const string ChartJsResourceName = "Forecasting.Web.wwwroot.lib.chartjs.chart.umd.min.js";

    private const string SourceMapComment = "//# sourceMappingURL=";

    private static readonly Lazy<string> s_chartJs = new(LoadChartJs);

    /// <summary>
    /// The Chart.js UMD bundle as shipped, less its trailing <c>//# sourceMappingURL=</c> comment: the map is not
    /// vendored, and a report must not point at files that are not in it.
    /// </summary>
    /// <remarks>
    /// Verified on load to be safe to place inside an inline <c>&lt;script&gt;</c> element: it contains no
    /// <c>&lt;/script</c> and no <c>&lt;!--</c>, either of which would end or confuse the element.
    /// </remarks>
    public static string ChartJs => s_chartJs.Value;

    /// <summary>Opens the embedded resource as stored (byte for byte the vendored file).</summary>
    /// <exception cref="InvalidOperationException">The resource is missing from the assembly (a build error).</exception>
    public static Stream OpenChartJs() =>
        typeof(VendoredAssets).Assembly.GetManifestResourceStream(ChartJsResourceName)
        ?? throw new InvalidOperationException($"Embedded resource '{ChartJsResourceName}' is missing from {typeof(VendoredAssets).Assembly.GetName().Name}.");

    private static string LoadChartJs()
    {
        string text;
        using (var reader = new StreamReader(OpenChartJs(), Encoding.UTF8))
        {
            text = reader.ReadToEnd();
        }

        int sourceMap = text.LastIndexOf(SourceMapComment, StringComparison.Ordinal);
        if (sourceMap >= 0)
        {
            text = text[..sourceMap].TrimEnd();
        }

        if (text.Contains("</script", StringComparison.OrdinalIgnoreCase) || text.Contains("<!--", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Embedded resource '{ChartJsResourceName}' cannot be inlined in a <script> element: it contains '</script' or '<!--'.");
        }

        return text;
    }
}
