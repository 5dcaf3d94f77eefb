using System.Text.RegularExpressions;

namespace Forecasting.Pipeline.Ingest;

/// <summary>
/// The <see cref="IngestOptions.ExcludeSku"/> pattern of one load: matches whole SKU codes, remembers the answer
/// per code (an order file repeats a few thousand codes over millions of lines), and bounds each match in time
/// (the pattern may come from an HTTP request).
/// </summary>
public sealed class SkuExclusion
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(200);

    private readonly Regex _pattern;
    private readonly Dictionary<string, bool> _known = new(StringComparer.Ordinal);

    private SkuExclusion(Regex pattern) => _pattern = pattern;

    /// <summary>The exclusion of <paramref name="pattern"/>, or null when there is none.</summary>
    /// <exception cref="ArgumentException">The pattern is not a valid .NET regular expression.</exception>
    public static SkuExclusion? Create(string? pattern)
    {
        if (string.IsNullOrEmpty(pattern))
        {
            return null;
        }

        try
        {
            return new SkuExclusion(new Regex($"^(?:{pattern})$", RegexOptions.CultureInvariant, MatchTimeout));
        }
        catch (ArgumentException error)
        {
            throw new ArgumentException($"--exclude-sku '{pattern}' is not a valid regular expression: {error.Message}", nameof(pattern), error);
        }
    }

    /// <exception cref="RegexMatchTimeoutException">The pattern took too long on this code (catastrophic backtracking).</exception>
    public bool Excludes(string sku)
    {
        if (!_known.TryGetValue(sku, out bool excluded))
        {
            excluded = _pattern.IsMatch(sku);
            if (_known.Count < 100_000)
            {
                _known[sku] = excluded;
            }
        }

        return excluded;
    }
}
