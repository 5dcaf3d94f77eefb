namespace Forecasting.Storage.Files;

/// <summary>A file that cannot be loaded at all (empty, missing a required column, malformed JSON).
/// Raised before any row is stored.</summary>
public sealed class IngestFormatException(string message) : Exception(message);
