using System.Security.Claims;
using System.Text.Encodings.Web;
using Forecasting.Storage;
using Forecasting.Storage.Abstractions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Forecasting.Web.Api;

/// <summary>
/// Authenticates requests carrying <c>X-Api-Key: fk_...</c> (or <c>Authorization: ApiKey fk_...</c>): the key's
/// SHA-256 is looked up among the active keys; the principal is the key's owner (its name when it has none: the actor of decisions) with the key's role.
/// </summary>
public sealed class ApiKeyAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IAccessStore store)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? key = Request.Headers[Header].FirstOrDefault();
        if (key is null && Request.Headers.Authorization.FirstOrDefault() is { } authorization && authorization.StartsWith("ApiKey ", StringComparison.OrdinalIgnoreCase))
        {
            key = authorization["ApiKey ".Length..].Trim();
        }

        if (string.IsNullOrEmpty(key))
        {
            return AuthenticateResult.NoResult();
        }

        var record = await store.FindApiKeyAsync(ApiKeys.Hash(key), Context.RequestAborted);
        if (record is null)
        {
            return AuthenticateResult.Fail("unknown or revoked API key");
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, record.Actor), new Claim(ClaimTypes.Role, record.Role), new Claim("key_name", record.Name), new Claim("key_id", record.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}

/// <summary>Authorization policies by endpoint group.</summary>
public static class Policies
{
    /// <summary>Deciding proposals: planners and admins.</summary>
    public const string Decide = "decide";

    /// <summary>Reading proposals: planners, ops and admins.</summary>
    public const string ReadProposals = "read-proposals";

    /// <summary>Reading series and forecasts: every role.</summary>
    public const string ReadForecasts = "read-forecasts";

    /// <summary>Reading one SKU's accuracy: planners (for the SKUs they plan), ops and admins.</summary>
    public const string ReadSkuAccuracy = "read-sku-accuracy";

    /// <summary>Reading the job history and triggering jobs: ops and admins.</summary>
    public const string Operate = "operate";

    /// <param name="schemes">Authentication schemes every policy accepts (API keys, and JWT bearer when configured).</param>
    public static void Add(Microsoft.AspNetCore.Authorization.AuthorizationOptions options, string[] schemes)
    {
        ArgumentNullException.ThrowIfNull(options);
        void Policy(string name, params string[] roles) => options.AddPolicy(name, p => p.AddAuthenticationSchemes(schemes).RequireRole(roles));
        Policy(Operate, Roles.Ops, Roles.Admin);
        Policy(ReadForecasts, Roles.Planner, Roles.Designer, Roles.Ops, Roles.Admin);
        Policy(Decide, Roles.Planner, Roles.Admin);
        Policy(ReadProposals, Roles.Planner, Roles.Ops, Roles.Admin);
        Policy(ReadSkuAccuracy, Roles.Planner, Roles.Ops, Roles.Admin);
    }
}
