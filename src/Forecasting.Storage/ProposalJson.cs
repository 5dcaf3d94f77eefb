using System.Text.Json;
using System.Text.Json.Serialization;
using Forecasting.Core.Planning;

namespace Forecasting.Storage;

/// <summary>The numbers behind a proposal, stored as JSON next to its columns (both stores).</summary>
internal static class ProposalJson
{
    public static string Write(TransferProposal proposal) => JsonSerializer.Serialize(proposal, ProposalJsonContext.Default.TransferProposal);

    public static TransferProposal Read(string json) => JsonSerializer.Deserialize(json, ProposalJsonContext.Default.TransferProposal)
        ?? throw new InvalidOperationException("A stored proposal has empty details.");
}

/// <summary>Compile-time serializer for the stored details (the API lists pages of them, so reading is hot).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(TransferProposal))]
internal sealed partial class ProposalJsonContext : JsonSerializerContext;

/// <summary>SQL shared by both stores' proposal code (the same tables and columns on both).</summary>
internal static class ProposalSql
{
    /// <summary>Why plan run <paramref name="parameter"/> no longer reflects the store (a newer completed forecast run,
    /// or an inventory load that changed stock after it), or NULL.</summary>
    public static string Staleness(string parameter) => $"""
        SELECT CASE
            WHEN EXISTS (SELECT 1 FROM forecast_runs f WHERE f.kind = 'Production' AND f.status = 'completed' AND f.id > p.forecast_run_id)
                THEN 'a newer forecast run completed after this plan'
            WHEN EXISTS (SELECT 1 FROM ingest_loads l WHERE l.kind = 'Inventory' AND l.status = 'completed' AND l.accepted > 0 AND l.finished_at > p.created_at)
                THEN 'inventory changed after this plan'
        END
        FROM plan_runs p WHERE p.id = {parameter}
        """;
}
