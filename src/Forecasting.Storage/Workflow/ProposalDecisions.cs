using Forecasting.Core.Planning;
using Forecasting.Storage.Abstractions;

namespace Forecasting.Storage.Workflow;

/// <summary>
/// Takes one decision on a proposal, the one way the CLI and the API decide: load it, check the version the person
/// decided on, let the <see cref="Proposal"/> aggregate decide, check that its plan still reflects stock and forecasts
/// (approve and edit only: a decision on stale numbers expires the proposal instead, by <c>system</c>), then save with
/// the expected version and append the decision by <paramref name="actor"/> in one transaction. A concurrent decision
/// makes the save find a newer version: conflict, nothing written.
/// </summary>
public sealed class ProposalDecisions(IProposalStore store)
{
    public async Task<DecisionResult> DecideAsync(long proposalId, int expectedVersion, DecisionAction action, string actor, int? quantity = null, string? reason = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        var stored = await store.GetProposalAsync(proposalId, cancellationToken);
        if (stored is null)
        {
            return new DecisionResult(DecisionRefusal.NotFound, $"no proposal {proposalId}", null);
        }

        if (stored.Version != expectedVersion)
        {
            return Conflict($"proposal {proposalId} changed (version {stored.Version}, expected {expectedVersion})", stored);
        }

        var proposal = stored.ToAggregate();
        var outcome = action switch
        {
            DecisionAction.Approve => proposal.Approve(),
            DecisionAction.Edit when quantity is not { } => Refused(proposal, action, EditRules.Positive, "edit needs a quantity of at least 1"),
            DecisionAction.Edit => proposal.Edit(quantity.Value, reason),
            DecisionAction.Reject => proposal.Reject(reason),
            DecisionAction.Export => proposal.Export(),
            DecisionAction.Expire => proposal.Expire(string.IsNullOrWhiteSpace(reason) ? "expired by " + actor : reason),
            _ => Refused(proposal, action, null, $"{ProposalWire.Name(action)} is taken by the plan job, not by hand"),
        };
        if (!outcome.Succeeded)
        {
            return new DecisionResult(DecisionRefusal.Invalid, outcome.Message, stored, outcome.Failure, outcome.Rule);
        }

        if (action is DecisionAction.Approve or DecisionAction.Edit && await store.PlanStalenessAsync(stored.PlanRunId, cancellationToken) is { } stale)
        {
            var expiring = stored.ToAggregate();
            var expiry = expiring.Expire("stale: " + stale);
            var expired = await store.SaveDecisionAsync(expiring, expiry, ProposalDecision.System, cancellationToken);
            return expired is null
                ? await ConflictAsync(proposalId, cancellationToken)
                : new DecisionResult(DecisionRefusal.Invalid, $"proposal {proposalId} is stale: {stale}; it is now expired, plan again", expired, DecisionFailure.IllegalTransition);
        }

        var saved = await store.SaveDecisionAsync(proposal, outcome, actor, cancellationToken);
        return saved is null ? await ConflictAsync(proposalId, cancellationToken) : new DecisionResult(DecisionRefusal.None, null, saved);
    }

    private async Task<DecisionResult> ConflictAsync(long proposalId, CancellationToken cancellationToken) =>
        Conflict($"proposal {proposalId} changed meanwhile", await store.GetProposalAsync(proposalId, cancellationToken));

    private static DecisionResult Conflict(string reason, StoredProposal? current) => new(DecisionRefusal.Conflict, reason, current, DecisionFailure.IllegalTransition);

    private static DecisionOutcome Refused(Proposal proposal, DecisionAction action, string? rule, string message) =>
        new(action, DecisionFailure.InvalidInput, message, rule, proposal.Status, proposal.Status, proposal.Quantity, proposal.Quantity, null);
}
