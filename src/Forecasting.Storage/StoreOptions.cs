namespace Forecasting.Storage;

/// <summary>Where the service keeps its data.</summary>
public sealed record StoreOptions
{
    /// <summary>The embedded store's file when nothing else is configured.</summary>
    public const string DefaultSqlitePath = "data/forecasting.db";

    /// <summary>Path of the SQLite file (created with its folder when missing).</summary>
    /// <value><c>data/forecasting.db</c>, relative to the working directory.</value>
    public string SqlitePath { get; init; } = DefaultSqlitePath;
}
