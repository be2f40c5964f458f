using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Workspaces.Api.Auth;
using Workspaces.Api.Json;

namespace Workspaces.Web.Hosting;

/// <summary>
/// The REST API's OpenAPI description at <c>/openapi/v1.json</c>, generated from the endpoint declarations (their
/// <c>Shape</c>s, tags and route classes), and Swagger UI at <c>/openapi</c>. Both are public, like <c>/health</c>: they
/// describe routes, not data. Swagger UI's scripts are embedded in its package and served from here, so the page
/// works without internet access.
/// </summary>
public static class ApiDocumentation
{
    public const string DocumentName = "v1";
    public const string PagePrefix = "openapi";
    public const string DocumentPath = $"/{PagePrefix}/{DocumentName}.json";

    public static IServiceCollection AddApiDocumentation(this IServiceCollection services) =>
        services.AddOpenApi(DocumentName, options =>
        {
            options.ShouldInclude = Documented;
            options.CreateSchemaReferenceId = type => OpenApiOptions.CreateDefaultSchemaReferenceId(type) is { } id ? SchemaId(id) : null;
            // A metric's value goes through MLflow's converter (NaN and infinities as strings), which the generator cannot read.
            options.AddSchemaTransformer((schema, context, _) =>
            {
                if (context.JsonPropertyInfo?.CustomConverter is MlflowDoubleConverter)
                    schema.Type = JsonSchemaType.Number | JsonSchemaType.String;
                return Task.CompletedTask;
            });
            options.AddOperationTransformer<ApiOperationTransformer>();
            options.AddDocumentTransformer<ApiDocumentTransformer>();
        });

    public static void MapApiDocumentation(this WebApplication app)
    {
        app.MapOpenApi($"/{PagePrefix}/{{documentName}}.json").AllowAnonymous();
        app.MapSwaggerUI(PagePrefix, options =>
        {
            options.DocumentTitle = "Workspaces REST API";
            // Relative, so the page also works behind a proxy that serves the server under a path prefix.
            options.SwaggerEndpoint($"{DocumentName}.json", "MLflow-compatible REST API");
        }).AllowAnonymous();
    }

    /// <summary>A wire record's schema name: "RunJson" is MLflow's "Run" (the suffix keeps the records apart from the services' types).</summary>
    public static string SchemaId(string name) => name.EndsWith("Json", StringComparison.Ordinal) ? name[..^"Json".Length] : name;

    /// <summary>
    /// The API's own routes (every one carries a route class), once: the <c>/ajax-api/…</c> twins MLflow's UI calls answer
    /// the same as <c>/api/…</c>, and the few routes only there (UI uploads, gateway form helpers) are the UI's.
    /// </summary>
    private static bool Documented(ApiDescription description) =>
        description.ActionDescriptor.EndpointMetadata.OfType<AuthRule>().Any()
        && description.RelativePath?.StartsWith("ajax-api/", StringComparison.OrdinalIgnoreCase) == false;
}
