using System.Security.Claims;
using Forecasting.Storage;
using Forecasting.Storage.Abstractions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Forecasting.Web.App;

/// <summary>
/// The web app's sign-in: an API key exchanged once, at the sign-in form, for an HttpOnly, SameSite=Strict cookie that
/// carries the key's actor (its owner, or its name) and role. The cookie is re-checked against the active keys every
/// few minutes, so revoking the key ends the session.
/// </summary>
public static class AppCookie
{
    public const string Scheme = "AppCookie";

    public const string CookieName = "forecasting.app";

    public const string KeyIdClaim = "key_id";

    /// <summary>How long a sign-in lasts without use.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    private static readonly TimeSpan RecheckEvery = TimeSpan.FromMinutes(5);

    private const string CheckedClaim = "checked_at";

    public static void Configure(CookieAuthenticationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Cookie.Name = CookieName;
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = Microsoft.AspNetCore.Http.SameSiteMode.Strict;
        options.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest;
        options.Cookie.Path = "/app";
        options.LoginPath = "/app/sign-in";
        options.LogoutPath = "/app/sign-out";
        options.ExpireTimeSpan = Lifetime;
        options.SlidingExpiration = true;
        options.Events.OnValidatePrincipal = RecheckKeyAsync;
    }

    /// <summary>The principal of a signed-in key.</summary>
    public static ClaimsPrincipal Principal(ApiKeyRecord key, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(key);
        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, key.Actor),
            new Claim(ClaimTypes.Role, key.Role),
            new Claim("key_name", key.Name),
            new Claim(KeyIdClaim, key.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new Claim(CheckedClaim, now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ], Scheme);
        return new ClaimsPrincipal(identity);
    }

    /// <summary>The active key of this API key text, or null.</summary>
    public static Task<ApiKeyRecord?> FindAsync(IAccessStore store, string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.FindApiKeyAsync(ApiKeys.Hash(key.Trim()), cancellationToken);
    }

    private static async Task RecheckKeyAsync(CookieValidatePrincipalContext context)
    {
        var clock = context.HttpContext.RequestServices.GetService(typeof(TimeProvider)) as TimeProvider ?? TimeProvider.System;
        var now = clock.GetUtcNow();
        if (context.Principal?.FindFirst(CheckedClaim)?.Value is { } text && long.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out long checkedAt)
            && now - DateTimeOffset.FromUnixTimeSeconds(checkedAt) < RecheckEvery)
        {
            return;
        }

        var store = (IAccessStore)context.HttpContext.RequestServices.GetService(typeof(IAccessStore))!;
        string? id = context.Principal?.FindFirst(KeyIdClaim)?.Value;
        var active = (await store.ListApiKeysAsync(context.HttpContext.RequestAborted)).FirstOrDefault(k => k.RevokedAt is null && k.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) == id);
        if (active is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Scheme);
            return;
        }

        context.ReplacePrincipal(Principal(active, now));
        context.ShouldRenew = true;
    }
}
