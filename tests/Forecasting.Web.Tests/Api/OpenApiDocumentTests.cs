using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Forecasting.Web.Api;

namespace Forecasting.Web.Tests.Api;

/// <summary>The OpenAPI document at /openapi/v1.json and the Scalar reference at /scalar, read over real HTTP without a key.</summary>
public sealed class OpenApiDocumentTests
{
    private static readonly JwtOptions Jwt = new() { SigningKey = "test-signing-key-of-at-least-32-bytes!!", Issuer = "https://idp.example", Audience = "forecasting" };

    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

    /// <summary>Every operation of the document as (method path, operation).</summary>
    private static List<(string Name, JsonElement Operation)> Operations(JsonElement document) =>
        [.. from path in document.GetProperty("paths").EnumerateObject()
            from member in path.Value.EnumerateObject()
            where Methods.Contains(member.Name)
            select ($"{member.Name.ToUpperInvariant()} {path.Name}", member.Value)];

    private static async Task<JsonElement> DocumentAsync(ApiServer server)
    {
        var response = await server.Client.GetAsync("/openapi/v1.json"); // no key: the document is public
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task The_document_declares_the_api_key_and_bearer_schemes_and_every_api_operation_accepts_either()
    {
        await using var server = await ApiServer.StartAsync(postgres: false, Jwt);

        var document = await DocumentAsync(server);

        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        var apiKey = schemes.GetProperty("ApiKey");
        var bearer = schemes.GetProperty("Bearer");
        Assert.Equal(("apiKey", "header", "X-Api-Key"), (apiKey.GetProperty("type").GetString(), apiKey.GetProperty("in").GetString(), apiKey.GetProperty("name").GetString()));
        Assert.Equal(("http", "bearer", "JWT"), (bearer.GetProperty("type").GetString(), bearer.GetProperty("scheme").GetString(), bearer.GetProperty("bearerFormat").GetString()));
        var operations = Operations(document).Where(o => o.Name.Contains(" /api/", StringComparison.Ordinal)).ToList();
        Assert.True(operations.Count >= 19, $"only {operations.Count} /api operations in the document");
        foreach (var (name, operation) in operations)
        {
            var accepted = operation.TryGetProperty("security", out var security)
                ? security.EnumerateArray().SelectMany(r => r.EnumerateObject().Select(s => s.Name)).Order().ToList() : [];
            Assert.True(accepted.SequenceEqual(["ApiKey", "Bearer"]), $"{name} accepts [{string.Join(", ", accepted)}], not ApiKey or Bearer");
            foreach (string status in new[] { "401", "403" })
            {
                Assert.True(operation.GetProperty("responses").TryGetProperty(status, out var refusal) && refusal.GetProperty("content").TryGetProperty("application/problem+json", out _),
                    $"{name} does not declare its {status} ProblemDetails");
            }
        }
    }

    [Fact]
    public async Task Without_a_token_issuer_the_document_offers_only_the_api_key()
    {
        await using var server = await ApiServer.StartAsync(postgres: false);

        var document = await DocumentAsync(server);

        Assert.Equal(["ApiKey"], document.GetProperty("components").GetProperty("securitySchemes").EnumerateObject().Select(s => s.Name));
        var (name, operation) = Operations(document).First(o => o.Name == "GET /api/proposals");
        Assert.Equal(["ApiKey"], operation.GetProperty("security").EnumerateArray().SelectMany(r => r.EnumerateObject().Select(s => s.Name)));
    }

    [Fact]
    public async Task Every_operation_has_a_summary_a_tag_an_id_and_a_content_schema_for_each_success_response()
    {
        await using var server = await ApiServer.StartAsync(postgres: false, Jwt);

        var document = await DocumentAsync(server);

        var missing = new List<string>();
        foreach (var (name, operation) in Operations(document))
        {
            if (!operation.TryGetProperty("summary", out var summary) || string.IsNullOrWhiteSpace(summary.GetString()))
            {
                missing.Add($"{name}: no summary");
            }

            if (!operation.TryGetProperty("operationId", out var id) || string.IsNullOrWhiteSpace(id.GetString()))
            {
                missing.Add($"{name}: no operationId");
            }

            if (!operation.TryGetProperty("tags", out var tags) || tags.GetArrayLength() == 0)
            {
                missing.Add($"{name}: no tag");
            }

            var successes = operation.GetProperty("responses").EnumerateObject().Where(r => r.Name.StartsWith('2')).ToList();
            if (successes.Count == 0)
            {
                missing.Add($"{name}: no success response");
            }

            // An endpoint returning an untyped IResult shows up as a 200 without content.
            foreach (var response in successes.Where(r => r.Name != "204"))
            {
                if (!response.Value.TryGetProperty("content", out var content) || !content.EnumerateObject().Any())
                {
                    missing.Add($"{name}: {response.Name} has no content");
                    continue;
                }

                missing.AddRange(content.EnumerateObject()
                    .Where(media => !media.Value.TryGetProperty("schema", out var schema) || !schema.EnumerateObject().Any())
                    .Select(media => $"{name}: {response.Name} {media.Name} has no schema"));
            }
        }

        Assert.True(missing.Count == 0, string.Join("\n", missing));
    }

    [Fact]
    public async Task A_paged_listing_is_described_by_a_named_page_schema_with_total_page_page_size_and_items()
    {
        await using var server = await ApiServer.StartAsync(postgres: false);

        var document = await DocumentAsync(server);

        var (_, list) = Operations(document).First(o => o.Name == "GET /api/proposals");
        string reference = list.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString()!;
        var page = document.GetProperty("components").GetProperty("schemas").GetProperty(reference.Split('/')[^1]);
        Assert.Equal(["items", "page", "pageSize", "total"], page.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order());
    }

    [Fact]
    public async Task The_API_reference_page_is_served_without_a_key_with_its_script_from_this_server()
    {
        await using var server = await ApiServer.StartAsync(postgres: false);

        var page = await server.Client.GetAsync(ApiReference.Path);
        string html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<html", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("openapi/v1.json", html, StringComparison.Ordinal);
        var scripts = System.Text.RegularExpressions.Regex.Matches(html, "<script[^>]* src=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Contains("scalar.js", scripts);
        foreach (string script in scripts)
        {
            var uri = new Uri(page.RequestMessage!.RequestUri!, script);
            Assert.Equal(server.Client.BaseAddress!.Authority, uri.Authority); // served here, not from a CDN
            var response = await server.Client.GetAsync(uri);
            Assert.True(response.IsSuccessStatusCode, $"{uri}: {response.StatusCode}");
            Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        }
    }
}
