using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.OpenApi;
using OrderPipeline.Hosting.Security;
using Scalar.AspNetCore;

namespace OrderPipeline.Hosting.Http;

/// <summary>
/// The OpenAPI document every host publishes at <c>/openapi/v1.json</c>: its title, tag descriptions, the <c>X-Api-Key</c> scheme
/// and, per operation, whether it needs a key and which role (from the endpoint's own authorization policy, so the document
/// cannot drift from what is enforced). In Development a browsable reference (Scalar) at <c>/scalar</c>.
/// </summary>
public static class PipelineOpenApi
{
    public const string ApiKeyScheme = "ApiKey";

    public static IServiceCollection AddPipelineOpenApi(this IServiceCollection services, string title, string description,
        IReadOnlyDictionary<string, string> tags) => services.AddOpenApi(options =>
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = title;
            document.Info.Description = description;
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[ApiKeyScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = ApiKeyAuthenticationHandler.Header,
                Description = "A person's or tool's key (roles oncall, developer, seller-admin) or a seller's own key (sk_…).",
            };
            document.Tags = new HashSet<OpenApiTag>(tags.Select(t => new OpenApiTag { Name = t.Key, Description = t.Value }));
            foreach (var server in document.Servers ?? [])
            {
                server.Url = server.Url?.TrimEnd('/');
            }

            return Task.CompletedTask;
        });
        // A property left out when null or default is not required, whatever its type says.
        options.AddSchemaTransformer((schema, context, _) =>
        {
            if (context.JsonPropertyInfo is null && schema.Required is { Count: > 0 } required)
            {
                foreach (var property in context.JsonTypeInfo.Properties.Where(p => p.AttributeProvider?.GetCustomAttributes(typeof(JsonIgnoreAttribute), true)
                             .OfType<JsonIgnoreAttribute>().Any(a => a.Condition is JsonIgnoreCondition.WhenWritingNull or JsonIgnoreCondition.WhenWritingDefault) == true))
                {
                    required.Remove(property.Name);
                }
            }

            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var policies = context.Description.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Select(a => a.Policy).OfType<string>().ToList();
            if (policies.Count == 0)
            {
                // Public: say so, rather than leave it to a document-wide default.
                operation.Security = [];
                return Task.CompletedTask;
            }

            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyScheme, context.Document)] = [] }];
            var who = string.Join(" and ", policies.Select(p => p == SellerAccess.Policy ? "the seller's own key or a seller-admin key"
                : Roles.AnyOf.TryGetValue(p, out var roles) ? $"a key with one of the roles {string.Join(", ", roles.Select(r => $"`{r}`"))}"
                : $"a key with the role `{p}`"));
            operation.Description = string.IsNullOrEmpty(operation.Description) ? $"Needs {who}." : $"{operation.Description}\n\nNeeds {who}.";
            return Task.CompletedTask;
        });
    });

    /// <summary><c>/openapi/v1.json</c> always; the Scalar reference at <c>/scalar</c> in Development.</summary>
    public static IEndpointRouteBuilder MapPipelineOpenApi(this IEndpointRouteBuilder app, IHostEnvironment environment)
    {
        app.MapOpenApi();
        if (environment.IsDevelopment())
        {
            app.MapScalarApiReference();
        }

        return app;
    }
}
