using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Rollout.Server.Http;

/// <summary>Titles the OpenAPI document and declares the bearer token staff endpoints take.</summary>
internal sealed class ApiDocument : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "Rollout API";
        document.Info.Description = "Markets, channels and a market-aware catalog. Reads are public; writes need a staff bearer token from POST /api/auth/token.";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["staff"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "A token from POST /api/auth/token.",
        };
        return Task.CompletedTask;
    }
}
