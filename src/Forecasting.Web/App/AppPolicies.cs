using Forecasting.Storage.Abstractions;
using Microsoft.AspNetCore.Authorization;

namespace Forecasting.Web.App;

/// <summary>
/// The web app's policies: the same roles as the API's (<see cref="Api.Policies"/>), but authenticated by the app's
/// sign-in cookie only (the API never accepts the cookie, so a page cannot be used to call it across sites).
/// </summary>
public static class AppPolicies
{
    /// <summary>Any signed-in person.</summary>
    public const string SignedIn = "app-signed-in";

    /// <summary>The proposal queue and export batches: planners, ops and admins.</summary>
    public const string ReadProposals = "app-read-proposals";

    /// <summary>Approve, edit, reject, bulk approve and export: planners and admins.</summary>
    public const string Decide = "app-decide";

    /// <summary>Accuracy, alerts, job runs and ingest: ops and admins.</summary>
    public const string Operate = "app-operate";

    /// <summary>Trends: designers and admins.</summary>
    public const string Design = "app-design";

    /// <summary>The roles each policy admits, also what the navigation shows.</summary>
    public static IReadOnlyDictionary<string, string[]> RolesOf { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        [SignedIn] = [.. Roles.All],
        [ReadProposals] = [Roles.Planner, Roles.Ops, Roles.Admin],
        [Decide] = [Roles.Planner, Roles.Admin],
        [Operate] = [Roles.Ops, Roles.Admin],
        [Design] = [Roles.Designer, Roles.Admin],
    };

    public static void Add(AuthorizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var (name, roles) in RolesOf)
        {
            options.AddPolicy(name, p => p.AddAuthenticationSchemes(AppCookie.Scheme).RequireRole(roles));
        }
    }

    /// <summary>Whether <paramref name="user"/> passes <paramref name="policy"/> (for the navigation and the buttons shown;
    /// the endpoints enforce the policy themselves).</summary>
    public static bool Allows(System.Security.Claims.ClaimsPrincipal? user, string policy) =>
        user?.Identity?.IsAuthenticated == true && RolesOf[policy].Any(user.IsInRole);
}
