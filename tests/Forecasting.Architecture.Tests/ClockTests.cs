using System.Text.RegularExpressions;

namespace Forecasting.Architecture.Tests;

/// <summary>Time comes from an injected <see cref="TimeProvider"/>, so tests can move it: no code under src/ reads the
/// system clock directly.</summary>
public sealed partial class ClockTests
{
    [Fact]
    public void No_source_file_reads_the_system_clock_directly()
    {
        var readers = Directory.EnumerateFiles(Path.Combine(LayeringTests.Repository, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: f, Line: i + 1, Text: line)))
            .Where(l => SystemClock().IsMatch(l.Text))
            .Select(l => $"{Path.GetRelativePath(LayeringTests.Repository, l.File)}:{l.Line}: {l.Text.Trim()}")
            .ToList();

        Assert.True(readers.Count == 0, "use an injected TimeProvider instead:" + Environment.NewLine + string.Join(Environment.NewLine, readers));
    }

    [GeneratedRegex(@"\bDateTime(Offset)?\.(UtcNow|Now|Today)\b")]
    private static partial Regex SystemClock();
}
