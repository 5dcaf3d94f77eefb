using System.Diagnostics;
using System.Globalization;

namespace Forecasting.Pipeline.Telemetry;

/// <summary>Resident memory of this process from Linux /proc (falls back to .NET's figures elsewhere).</summary>
public static class ProcessMemory
{
    /// <summary>Resets the peak (VmHWM) so that <see cref="Peak"/> measures from now on.</summary>
    public static void ResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not Linux, or not permitted: the peak then covers the whole process.
        }
    }

    public static long Peak() => ReadStatus("VmHWM:") ?? Process.GetCurrentProcess().PeakWorkingSet64;

    public static long Current() => ReadStatus("VmRSS:") ?? Environment.WorkingSet;

    private static long? ReadStatus(string key)
    {
        try
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
            return line is null ? null : long.Parse(line[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
