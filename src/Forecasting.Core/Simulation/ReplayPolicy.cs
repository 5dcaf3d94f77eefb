namespace Forecasting.Core.Simulation;

/// <summary>How stock is positioned in a back-test replay (docs/simulation.md "Policies").</summary>
public enum ReplayPolicy
{
    /// <summary>No moves: stock stays where it is (the central DC serves every order its regions run out of).</summary>
    None,

    /// <summary>A regional warehouse is refilled from the DC after a local stock-out or when its position falls below a reorder point.</summary>
    Reactive,

    /// <summary>The planner on forecasts from sales alone (the automatic pipeline without signals).</summary>
    SalesOnly,

    /// <summary>The planner on the full pipeline: sales plus interest signals through the leading-indicator model.</summary>
    Anticipatory,

    /// <summary>The planner on perfect foresight of demand (the forecast is the demand that then came): the upper bound.</summary>
    Oracle,
}

/// <summary>The wire names of <see cref="ReplayPolicy"/> (<c>none, reactive, sales-only, anticipatory, oracle</c>).</summary>
public static class ReplayPolicies
{
    public static IReadOnlyList<ReplayPolicy> All { get; } = Enum.GetValues<ReplayPolicy>();

    public static string Name(ReplayPolicy policy) => policy switch
    {
        ReplayPolicy.None => "none",
        ReplayPolicy.Reactive => "reactive",
        ReplayPolicy.SalesOnly => "sales-only",
        ReplayPolicy.Anticipatory => "anticipatory",
        ReplayPolicy.Oracle => "oracle",
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, null),
    };

    /// <summary>Parses a comma-separated list such as <c>none,reactive,oracle</c>.</summary>
    /// <exception cref="ArgumentException">An unknown or repeated name (the message lists the known ones).</exception>
    public static IReadOnlyList<ReplayPolicy> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var policies = new List<ReplayPolicy>();
        foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var match = All.Where(p => string.Equals(Name(p), part, StringComparison.OrdinalIgnoreCase)).ToList();
            if (match.Count == 0)
            {
                throw new ArgumentException($"Unknown policy '{part}'; known: {string.Join(", ", All.Select(Name))}.");
            }

            if (policies.Contains(match[0]))
            {
                throw new ArgumentException($"Policy '{part}' is listed twice.");
            }

            policies.Add(match[0]);
        }

        return policies.Count > 0 ? policies : throw new ArgumentException($"No policy given; known: {string.Join(", ", All.Select(Name))}.");
    }

    /// <summary>The policies that plan with <see cref="Planning.ReplenishmentPlanner"/>.</summary>
    public static bool UsesPlanner(this ReplayPolicy policy) => policy is ReplayPolicy.SalesOnly or ReplayPolicy.Anticipatory or ReplayPolicy.Oracle;
}
