using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using Forecasting.Storage.Abstractions;
using Forecasting.Web.Api;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Forecasting.Web.Tests.Api;

/// <summary>JWT bearer tokens from a configured issuer are accepted next to API keys, the role from the configured claim.</summary>
public sealed class JwtTests
{
    private const string Key = "test-signing-key-of-at-least-32-bytes!!";

    private static string Token(string role, string key = Key, string audience = "forecasting") => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Subject = new ClaimsIdentity([new Claim("sub", "alice"), new Claim("groups", role)]),
        Issuer = "https://idp.example",
        Audience = audience,
        Expires = DateTime.UtcNow.AddMinutes(5),
        SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256),
    });

    [Fact]
    public async Task A_token_with_the_role_in_the_configured_claim_is_authorized_by_that_role()
    {
        await using var server = await ApiServer.StartAsync(postgres: false, new JwtOptions { SigningKey = Key, Issuer = "https://idp.example", Audience = "forecasting", RoleClaim = "groups" });

        async Task<HttpStatusCode> Get(string token)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/proposals");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return (await server.Client.SendAsync(request)).StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await Get(Token(Roles.Planner)));
        Assert.Equal(HttpStatusCode.Forbidden, await Get(Token(Roles.Designer)));
        Assert.Equal(HttpStatusCode.Unauthorized, await Get(Token(Roles.Planner, key: "another-signing-key-of-at-least-32-bytes")));
        Assert.Equal(HttpStatusCode.Unauthorized, await Get(Token(Roles.Planner, audience: "someone-else")));
    }
}
