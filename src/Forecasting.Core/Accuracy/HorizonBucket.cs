namespace Forecasting.Core.Accuracy;

/// <summary>Horizon buckets of the accuracy reports: days 1-7, 8-14, 15-28 after the cut-off, and 29+ beyond.</summary>
public static class HorizonBucket
{
    public static IReadOnlyList<string> All => Buckets;

    private static readonly string[] Buckets = ["1-7", "8-14", "15-28", "29+"];

    /// <summary>Position of a bucket in horizon order (1-7 first); unknown labels last.</summary>
    public static int Order(string bucket) => Array.IndexOf(Buckets, bucket) is >= 0 and var i ? i : Buckets.Length;

    public static string Of(int horizon) => horizon switch
    {
        < 1 => throw new ArgumentOutOfRangeException(nameof(horizon), horizon, "A horizon starts at 1 (the day after the cut-off)."),
        <= 7 => "1-7",
        <= 14 => "8-14",
        <= 28 => "15-28",
        _ => "29+",
    };
}
