namespace Forecasting.Storage.Files;

/// <summary>Writing one CSV field: every CSV this project writes (platform files, exports, listings) quotes the same way.</summary>
public static class CsvField
{
    /// <summary>RFC 4180 quoting for the rare value with a comma, quote or line break; other values as they are.</summary>
    public static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
