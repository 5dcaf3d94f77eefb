using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Forecasting.Pipeline.Ingest;

/// <summary>
/// Parses CSV fields (UTF-8 bytes) into values, or into the exact reason they are refused. The common
/// forms (ISO dates, plain integers) take an allocation-free fast path; anything else goes through the
/// invariant-culture .NET parsers so that the reason can be precise.
/// </summary>
internal static class FieldParsers
{
    public const string IsoDate = "yyyy-MM-dd";

    /// <summary>Parses a date: ISO <c>yyyy-MM-dd</c> always, otherwise <paramref name="format"/> when given.</summary>
    public static bool TryDate(ReadOnlySpan<byte> utf8, string? format, out DateOnly date, out string reason)
    {
        reason = "";
        if (utf8.IsEmpty)
        {
            date = default;
            reason = "required value is empty";
            return false;
        }

        if (TryIsoDate(utf8, out date, out bool wellFormed))
        {
            return true;
        }

        string text = Encoding.UTF8.GetString(utf8);
        if (format is not null && DateOnly.TryParseExact(text, format, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out date))
        {
            return true;
        }

        reason = wellFormed
            ? $"'{text}' is not a valid date"
            : format is null
                ? $"'{text}' is not a date in {IsoDate} (pass --date-format for other formats)"
                : $"'{text}' is not a date in {IsoDate} or {format}";
        return false;
    }

    /// <summary>Parses a timestamp: ISO 8601 (with or without time and offset), otherwise <paramref name="format"/>.
    /// An offset is dropped, keeping the clock time as written.</summary>
    public static bool TryTimestamp(ReadOnlySpan<byte> utf8, string? format, out DateTime timestamp, out string reason)
    {
        reason = "";
        timestamp = default;
        if (utf8.IsEmpty)
        {
            reason = "required value is empty";
            return false;
        }

        string text = Encoding.UTF8.GetString(utf8);
        if (format is not null && DateTime.TryParseExact(text, format, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out timestamp))
        {
            return true;
        }

        string[] iso = ["yyyy-MM-dd", "yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm:ss.FFFFFFF"];
        if (DateTime.TryParseExact(text, iso, CultureInfo.InvariantCulture, DateTimeStyles.None, out timestamp))
        {
            return true;
        }

        if (DateTimeOffset.TryParseExact(text, ["yyyy-MM-ddTHH:mm:sszzz", "yyyy-MM-ddTHH:mm:ss.FFFFFFFzzz", "yyyy-MM-ddTHH:mm:ssZ", "yyyy-MM-ddTHH:mm:ss.FFFFFFFZ"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var withOffset))
        {
            timestamp = withOffset.DateTime;
            return true;
        }

        reason = format is null
            ? $"'{text}' is not an ISO 8601 timestamp (pass --date-format for other formats)"
            : $"'{text}' is not a timestamp in ISO 8601 or {format}";
        return false;
    }

    /// <summary>Parses a non-negative whole count. Empty is <paramref name="emptyValue"/> when given, else refused.</summary>
    public static bool TryCount(ReadOnlySpan<byte> utf8, int? emptyValue, out int value, out string reason) =>
        TryWhole(utf8, emptyValue, allowNegative: false, out value, out reason);

    /// <summary>Parses a whole number that may be negative (an order line quantity).</summary>
    public static bool TryQuantity(ReadOnlySpan<byte> utf8, out int value, out string reason) =>
        TryWhole(utf8, null, allowNegative: true, out value, out reason);

    /// <summary>Parses an optional non-negative amount of money; empty is null.</summary>
    public static bool TryMoney(ReadOnlySpan<byte> utf8, out decimal? value, out string reason)
    {
        value = null;
        reason = "";
        if (utf8.IsEmpty)
        {
            return true;
        }

        string text = Encoding.UTF8.GetString(utf8);
        if (!TryFinite(text, out double number, out reason))
        {
            return false;
        }

        if (number < 0)
        {
            reason = $"negative value {text} is not allowed";
            return false;
        }

        value = decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        return true;
    }

    private static bool TryWhole(ReadOnlySpan<byte> utf8, int? emptyValue, bool allowNegative, out int value, out string reason)
    {
        reason = "";
        if (utf8.IsEmpty)
        {
            value = emptyValue ?? 0;
            if (emptyValue is null)
            {
                reason = "required value is empty";
                return false;
            }

            return true;
        }

        if (Utf8Parser.TryParse(utf8, out value, out int consumed) && consumed == utf8.Length)
        {
            if (value < 0 && !allowNegative)
            {
                reason = $"negative value {value} is not allowed";
                return false;
            }

            return true;
        }

        string text = Encoding.UTF8.GetString(utf8);
        if (!TryFinite(text, out double number, out reason))
        {
            return false;
        }

        if (number != Math.Floor(number))
        {
            reason = $"'{text}' is not a whole number";
            return false;
        }

        if (number < 0 && !allowNegative)
        {
            reason = $"negative value {text} is not allowed";
            return false;
        }

        if (number is > int.MaxValue or < int.MinValue)
        {
            reason = $"'{text}' is out of range";
            return false;
        }

        value = (int)number;
        return true;
    }

    private static bool TryIsoDate(ReadOnlySpan<byte> s, out DateOnly date, out bool wellFormed)
    {
        date = default;
        int y = 0, m = 0, d = 0;
        wellFormed = s.Length == 10 && s[4] == (byte)'-' && s[7] == (byte)'-'
            && Digits(s[..4], out y) && Digits(s.Slice(5, 2), out m) && Digits(s.Slice(8, 2), out d);
        if (!wellFormed)
        {
            return false;
        }

        if (y < 1 || m is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(y, m))
        {
            return false;
        }

        date = new DateOnly(y, m, d);
        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> s, out int value)
    {
        value = 0;
        foreach (byte b in s)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            value = (value * 10) + (b - '0');
        }

        return true;
    }

    /// <summary>Parses a finite number (invariant culture, exponent allowed), or says why it is not one.</summary>
    private static bool TryFinite(string text, out double number, out string reason)
    {
        reason = "";
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out number))
        {
            reason = $"'{text}' is not a number";
            return false;
        }

        if (!double.IsFinite(number))
        {
            reason = $"'{text}' is not a finite number";
            return false;
        }

        return true;
    }
}
