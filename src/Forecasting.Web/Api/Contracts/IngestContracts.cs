using Forecasting.Storage.Abstractions;

namespace Forecasting.Web.Api.Contracts;

/// <summary>The outcome of a load through the API: its source name, status and counts
/// (<c>rowsRead = accepted + duplicates + rejected + excluded</c>) and the first rejects in file order.</summary>
public sealed record IngestResult(string Source, string Status, bool AllRejected, long RowsRead, long Accepted, long Rejected, long Duplicates, long Excluded,
    IReadOnlyList<IngestReject> FirstRejects);
