using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Forecasting.Web.Api;

/// <summary>Conventions every endpoint of the API shares, so the OpenAPI document says what the middleware does.</summary>
internal static class EndpointConventions
{
    /// <summary>Requires <paramref name="policy"/> (see <see cref="Policies"/>) and declares its refusals: 401 without a
    /// valid credential, 403 for a role the policy does not admit, both ProblemDetails.</summary>
    public static RouteHandlerBuilder RequirePolicy(this RouteHandlerBuilder endpoint, string policy) =>
        endpoint.RequireAuthorization(policy).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);

    /// <inheritdoc cref="RequirePolicy(RouteHandlerBuilder, string)"/>
    public static RouteGroupBuilder RequirePolicy(this RouteGroupBuilder group, string policy) =>
        group.RequireAuthorization(policy).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
}
