using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Rollout.Identity;

namespace Rollout.Server.Http;

/// <summary>
/// Titles the OpenAPI document, declares the staff bearer token, and marks each operation that needs it with the
/// token, who may call it, and its 401 and 403 answers.
/// </summary>
internal sealed class ApiDocument : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    private const string Scheme = "staff";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "Rollout API";
        document.Info.Description = "Markets, channels and a market-aware catalog. Public reads need no login; writes and staff reads need a bearer token from POST /api/auth/token.";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[Scheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "A token from POST /api/auth/token.",
        };
        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var policy = context.Description.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().LastOrDefault(a => a.Policy is not null)?.Policy;
        if (policy is null)
        {
            return Task.CompletedTask;
        }

        operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Scheme, context.Document)] = [] }];
        operation.Description = $"{operation.Description} Needs {StaffAuthentication.Describe(policy)}.".Trim();
        operation.Responses ??= [];
        operation.Responses.TryAdd("401", new OpenApiResponse { Description = "No valid staff bearer token." });
        operation.Responses.TryAdd("403", new OpenApiResponse { Description = $"The caller is not {StaffAuthentication.Describe(policy)}." });
        return Task.CompletedTask;
    }
}
