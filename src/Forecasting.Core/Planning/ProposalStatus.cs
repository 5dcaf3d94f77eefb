namespace Forecasting.Core.Planning;

/// <summary>Where a proposal stands in its lifecycle (docs/workflow.md has the diagram).</summary>
/// <remarks>Stored and shown by <see cref="ProposalWire.Name{TEnum}(TEnum)"/>: the member name in lower case.</remarks>
public enum ProposalStatus
{
    /// <summary>As the planner made it; nobody has decided yet.</summary>
    Proposed,

    /// <summary>A planner agreed to the move at the planned quantity.</summary>
    Approved,

    /// <summary>A planner agreed to the move at another quantity (counts as approved).</summary>
    Edited,

    /// <summary>A planner refused the move (with a reason). Final.</summary>
    Rejected,

    /// <summary>Handed to the warehouse system in an export batch. Final.</summary>
    Exported,

    /// <summary>Its plan no longer reflected stock or forecasts when someone tried to approve or edit it. Final.</summary>
    Expired,

    /// <summary>Nobody decided before a newer plan replaced it. Final.</summary>
    Superseded,
}

/// <summary>What a decision does to a proposal (one of the aggregate's methods).</summary>
public enum DecisionAction
{
    Approve,
    Edit,
    Reject,
    Export,
    Expire,
    Supersede,
}

/// <summary>A plan run's lifecycle.</summary>
public enum PlanRunStatus
{
    Running,
    Completed,
    Failed,
}

/// <summary>Names of the workflow's enums as stored and as the API and CLI show them: the member name in lower case.</summary>
public static class ProposalWire
{
    public static string Name<TEnum>(TEnum value)
        where TEnum : struct, Enum => value.ToString().ToLowerInvariant();

    /// <summary>Parses a wire name (case-insensitive); numbers are refused so that "3" is not a status.</summary>
    public static bool TryParse<TEnum>(string? text, out TEnum value)
        where TEnum : struct, Enum
    {
        value = default;
        return text is { Length: > 0 } && !char.IsAsciiDigit(text[0]) && text[0] != '-' && Enum.TryParse(text, ignoreCase: true, out value) && Enum.IsDefined(value);
    }

    public static TEnum Parse<TEnum>(string text)
        where TEnum : struct, Enum =>
        TryParse(text, out TEnum value) ? value : throw new FormatException($"'{text}' is not a {typeof(TEnum).Name} (one of {string.Join(", ", Enum.GetNames<TEnum>().Select(n => n.ToLowerInvariant()))}).");
}
