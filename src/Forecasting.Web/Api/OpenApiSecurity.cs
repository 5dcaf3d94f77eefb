using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Forecasting.Web.Api;

/// <summary>
/// The OpenAPI document's security: declares the credentials the API accepts (the <c>X-Api-Key</c> header always;
/// <c>Authorization: Bearer</c> JWTs when <see cref="JwtOptions"/> configured the bearer scheme) and marks every
/// operation that requires authorization as accepting either of them. Operations open to anyone (none of the
/// <c>/api</c> ones today) get no requirement.
/// </summary>
internal sealed class OpenApiSecurity(IAuthenticationSchemeProvider authentication) : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    /// <summary>The API-key scheme's name in the document (and in <see cref="ApiKeyAuthentication.SchemeName"/>).</summary>
    public const string ApiKey = ApiKeyAuthentication.SchemeName;

    /// <summary>The bearer scheme's name in the document.</summary>
    public const string Bearer = JwtBearerDefaults.AuthenticationScheme;

    /// <summary>Registers the transformers and names the document.</summary>
    public static void Configure(OpenApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddDocumentTransformer<OpenApiSecurity>();
        options.AddOperationTransformer<OpenApiSecurity>();
    }

    public async Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Info.Title = "Forecasting API";
        document.Info.Description = "Transfer proposals and their decisions, exports, forecasts, accuracy, ingest and jobs. Errors are RFC 7807 ProblemDetails.";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[ApiKey] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiKeyAuthentication.Header,
            Description = "A key from `forecasting keys create` (fk_...); its role decides what it may do.",
        };
        if (await HasBearerAsync())
        {
            document.Components.SecuritySchemes[Bearer] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "A JWT from the configured identity provider (Forecasting:Jwt); the role is in its role claim.",
            };
        }
    }

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (!metadata.OfType<IAuthorizeData>().Any() || metadata.OfType<IAllowAnonymous>().Any())
        {
            return;
        }

        // Two requirements: either credential is enough.
        operation.Security ??= [];
        operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKey, context.Document)] = [] });
        if (await HasBearerAsync())
        {
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Bearer, context.Document)] = [] });
        }
    }

    private async Task<bool> HasBearerAsync() => await authentication.GetSchemeAsync(Bearer) is not null;
}
