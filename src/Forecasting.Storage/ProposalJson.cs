using System.Text.Json;
using Forecasting.Core.Planning;

namespace Forecasting.Storage;

/// <summary>The numbers behind a proposal, stored as JSON next to its columns (both stores).</summary>
internal static class ProposalJson
{
    private static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static string Write(TransferProposal proposal) => JsonSerializer.Serialize(proposal, Options);

    public static TransferProposal Read(string json) => JsonSerializer.Deserialize<TransferProposal>(json, Options)
        ?? throw new InvalidOperationException("A stored proposal has empty details.");
}
