using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Forecasting.Web.Reports;

namespace Forecasting.Web.Tests.Reports;

public sealed partial class VendoredAssetsTests
{
    private static readonly string s_chartJsFolder =
        Path.Combine(RepositoryRoot(), "src", "Forecasting.Web", "wwwroot", "lib", "chartjs");

    [Fact]
    public void ChartJsFile_Sha256_MatchesVendoredMd()
    {
        string recorded = RecordedSha256();

        string actual = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(s_chartJsFolder, "chart.umd.min.js"))));

        Assert.Equal(recorded, actual);
    }

    [Fact]
    public void EmbeddedResource_IsTheVendoredFileByteForByte()
    {
        using var buffer = new MemoryStream();
        using (Stream resource = VendoredAssets.OpenChartJs())
        {
            resource.CopyTo(buffer);
        }

        Assert.Equal(RecordedSha256(), Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray())));
    }

    [Fact]
    public void ChartJs_Banner_MatchesVersionConstantAndVendoredMd()
    {
        Assert.Contains($" * Chart.js v{VendoredAssets.ChartJsVersion}\n", VendoredAssets.ChartJs, StringComparison.Ordinal);
        string vendoredMd = File.ReadAllText(Path.Combine(s_chartJsFolder, "VENDORED.md"));
        Assert.Contains($"npm pack chart.js@{VendoredAssets.ChartJsVersion}", vendoredMd, StringComparison.Ordinal);
        Assert.Contains($"| version | {VendoredAssets.ChartJsVersion} (exact pin) |", vendoredMd, StringComparison.Ordinal);
    }

    [Fact]
    public void ChartJs_IsSafeToInlineInAScriptElement()
    {
        string script = VendoredAssets.ChartJs;

        Assert.True(script.Length > 200_000, $"expected the whole minified bundle, got {script.Length} chars");
        Assert.True(Ascii.IsValid(script));
        Assert.DoesNotContain("</script", script, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<!--", script, StringComparison.Ordinal);
        Assert.DoesNotContain("sourceMappingURL", script, StringComparison.Ordinal);
    }

    [Fact]
    public void LicenceFile_IsMitAndVendoredBesideTheScript()
    {
        string licence = File.ReadAllText(Path.Combine(s_chartJsFolder, "LICENSE.md"));

        Assert.StartsWith("The MIT License (MIT)", licence, StringComparison.Ordinal);
        Assert.Contains("Chart.js Contributors", licence, StringComparison.Ordinal);
    }

    private static string RecordedSha256()
    {
        string vendoredMd = File.ReadAllText(Path.Combine(s_chartJsFolder, "VENDORED.md"));
        Match match = Sha256Row().Match(vendoredMd);
        Assert.True(match.Success, "VENDORED.md should have a '| sha256 | `<64 hex digits>` |' row");
        return match.Groups["sha"].Value;
    }

    // The test binaries run from tests/<project>/bin/<config>/<tfm>/; the repository root is the folder
    // above them that holds Forecasting.sln.
    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Forecasting.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} contains Forecasting.sln.");
    }

    [GeneratedRegex(@"^\| sha256 \| `(?<sha>[0-9a-f]{64})` \|$", RegexOptions.Multiline)]
    private static partial Regex Sha256Row();
}
