using Forecasting.Core.Planning;
using Forecasting.Storage.Workflow;

namespace Forecasting.Storage.Abstractions;

/// <summary>A decision by its wire name ("approve", "edit", ...), as the CLI and scripts name it.</summary>
public static class DecideByName
{
    /// <summary>Takes the decision named <paramref name="action"/> through <see cref="ProposalDecisions"/>; an unknown
    /// name is refused (invalid input) without touching the proposal.</summary>
    public static Task<DecisionResult> DecideAsync(this IProposalStore store, long proposalId, int expectedVersion, string action, string actor, int? quantity = null, string? reason = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        return ProposalWire.TryParse(action, out DecisionAction parsed)
            ? new ProposalDecisions(store).DecideAsync(proposalId, expectedVersion, parsed, actor, quantity, reason, cancellationToken)
            : Task.FromResult(new DecisionResult(DecisionRefusal.Invalid, $"unknown action '{action}' (actions: {string.Join(", ", Enum.GetValues<DecisionAction>().Select(ProposalWire.Name))})", null, DecisionFailure.InvalidInput));
    }
}
