namespace Forecasting.Web.Api;

/// <summary>
/// JWT bearer tokens from an identity provider, accepted next to API keys when configured (section
/// Forecasting:Jwt): either <see cref="Authority"/> (OpenID Connect discovery) or a shared
/// <see cref="SigningKey"/> (HS256, for tests and simple set-ups); the role comes from <see cref="RoleClaim"/>.
/// </summary>
public sealed record JwtOptions
{
    public const string Section = "Forecasting:Jwt";

    public string? Authority { get; init; }

    public string? SigningKey { get; init; }

    public string? Issuer { get; init; }

    public string? Audience { get; init; }

    /// <summary>The claim holding the role (planner, designer, ops, admin).</summary>
    /// <value>role.</value>
    public string RoleClaim { get; init; } = "role";

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority) || !string.IsNullOrWhiteSpace(SigningKey);
}
