namespace Forecasting.Core.Planning;

/// <summary>
/// The legal transitions of a proposal, in one table:
/// <code>
/// proposed  --approve--> approved     approved --edit--> edited      edited --edit--> edited
/// proposed  --edit-----> edited       approved --reject--> rejected  edited --reject--> rejected
/// proposed  --reject---> rejected     approved --export--> exported  edited --export--> exported
/// proposed  --expire---> expired      approved --expire--> expired   edited --expire--> expired
/// proposed  --supersede-> superseded
/// </code>
/// Rejected, exported, expired and superseded are final. A newer plan supersedes only proposed ones: an approval
/// (or edit) stands until it is exported or rejected.
/// </summary>
public static class ProposalStateMachine
{
    /// <summary>The status <paramref name="action"/> leads to from <paramref name="from"/>, or null when it is not allowed.</summary>
    public static ProposalStatus? Next(ProposalStatus from, DecisionAction action) => (from, action) switch
    {
        (ProposalStatus.Proposed, DecisionAction.Approve) => ProposalStatus.Approved,
        (ProposalStatus.Proposed or ProposalStatus.Approved or ProposalStatus.Edited, DecisionAction.Edit) => ProposalStatus.Edited,
        (ProposalStatus.Proposed or ProposalStatus.Approved or ProposalStatus.Edited, DecisionAction.Reject) => ProposalStatus.Rejected,
        (ProposalStatus.Approved or ProposalStatus.Edited, DecisionAction.Export) => ProposalStatus.Exported,
        (ProposalStatus.Proposed or ProposalStatus.Approved or ProposalStatus.Edited, DecisionAction.Expire) => ProposalStatus.Expired,
        (ProposalStatus.Proposed, DecisionAction.Supersede) => ProposalStatus.Superseded,
        _ => null,
    };

    /// <summary>The statuses from which <paramref name="action"/> is allowed (a set-based update uses them, so the
    /// rule stays here).</summary>
    public static IReadOnlyList<ProposalStatus> AllowedFrom(DecisionAction action) =>
        [.. Enum.GetValues<ProposalStatus>().Where(s => Next(s, action) is not null)];

    /// <summary>Statuses that can still be decided on (approved or edited moves are still open: they can be
    /// rejected, edited or exported).</summary>
    public static bool IsOpen(ProposalStatus status) => status is ProposalStatus.Proposed or ProposalStatus.Approved or ProposalStatus.Edited;

    /// <summary>Approved (or edited) and not yet exported: the moves an export batch takes and a new plan counts as in transit.</summary>
    public static bool IsAgreed(ProposalStatus status) => status is ProposalStatus.Approved or ProposalStatus.Edited;
}
