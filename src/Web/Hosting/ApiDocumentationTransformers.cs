using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Workspaces.Api.Auth;
using Workspaces.Api.Errors;
using Workspaces.Api.Routing;
using Workspaces.Data.Common;

namespace Workspaces.Web.Hosting;

/// <summary>
/// Per operation, what the endpoint declarations say beyond the generator's reach: the request's fields
/// (<see cref="RequestShape"/>), the workspace header, the credentials and MLflow's error envelope.
/// </summary>
internal sealed class ApiOperationTransformer : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var document = context.Document ?? throw new InvalidOperationException("Operations are transformed inside a document.");
        foreach (var shape in metadata.OfType<RequestShape>())
        {
            if (shape.InQuery)
                await AddQueryAsync(operation, shape.Type, context, cancellationToken);
            else
                operation.RequestBody = await BodyAsync(shape, context, document, cancellationToken);
        }
        if (metadata.OfType<AuthRule>().LastOrDefault() is not { Kind: not RuleKind.Public })
            return;
        if (!metadata.OfType<WorkspaceUnscoped>().Any())
        {
            (operation.Parameters ??= []).Add(new OpenApiParameter
            {
                Name = WorkspaceNames.Header,
                In = ParameterLocation.Header,
                Description = "The workspace the request acts in. Without it the server's default workspace is used; a server without one answers 400.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }
        operation.Security = [.. ApiDocumentTransformer.SecuritySchemes.Keys.Select(scheme => new OpenApiSecurityRequirement
        {
            [new OpenApiSecuritySchemeReference(scheme, document)] = [],
        })];
        // The gateway's invocation routes answer errors the way MLflow's FastAPI app does ({"detail": …}), not with the envelope.
        if (MlflowRoutes.IsGatewayPath("/" + context.Description.RelativePath))
            return;
        var error = await ComponentAsync(typeof(ErrorEnvelope), context, document, cancellationToken);
        operation.Responses ??= new OpenApiResponses();
        foreach (var (status, meaning) in new[] { ("4XX", "A client error: a missing or invalid field, no such resource, no credentials or no permission"),
                     ("5XX", "A server error") })
        {
            operation.Responses.TryAdd(status, new OpenApiResponse
            {
                Description = meaning + " (MLflow's error envelope).",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = error },
                },
            });
        }
    }

    private static async Task<OpenApiRequestBody> BodyAsync(RequestShape shape, OpenApiOperationTransformerContext context, OpenApiDocument document,
        CancellationToken ct) => new()
    {
        Required = true,
        Content = new Dictionary<string, OpenApiMediaType>
        {
            [shape.ContentType] = new() { Schema = await ComponentAsync(shape.Type, context, document, ct) },
        },
    };

    /// <summary>A record's schema as a component (so clients see one named type), a stream's inline.</summary>
    private static async Task<IOpenApiSchema> ComponentAsync(Type type, OpenApiOperationTransformerContext context, OpenApiDocument document, CancellationToken ct)
    {
        var schema = await context.GetOrCreateSchemaAsync(type, null, ct);
        if (type == typeof(Stream))
            return schema;
        var id = ApiDocumentation.SchemaId(type.Name);
        if (document.Components?.Schemas?.ContainsKey(id) != true)
            document.AddComponent(id, schema);
        return new OpenApiSchemaReference(id, document);
    }

    /// <summary>One query parameter per member, named as on the wire; a list repeats its name (<c>?run_ids=a&amp;run_ids=b</c>).</summary>
    private static async Task AddQueryAsync(OpenApiOperation operation, Type shape, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        operation.Parameters ??= [];
        var nullability = new NullabilityInfoContext(); // not thread-safe: one per use, documents are built concurrently
        foreach (var property in shape.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = JsonNamingPolicy.SnakeCaseLower.ConvertName(property.Name),
                In = ParameterLocation.Query,
                Required = nullability.Create(property).ReadState != NullabilityState.Nullable,
                Schema = ApiDocumentTransformer.WithoutNull(await context.GetOrCreateSchemaAsync(property.PropertyType, null, ct)).Schema,
            });
        }
    }
}

/// <summary>
/// The whole document: MLflow's snake_case member names (the generator uses the framework's camelCase), "required" for
/// exactly the members always present (unset ones are omitted on the wire, never null), and the credentials schemes.
/// </summary>
internal sealed class ApiDocumentTransformer : IOpenApiDocumentTransformer
{
    public static readonly IReadOnlyDictionary<string, string> SecuritySchemes = new Dictionary<string, string>
    {
        ["basic"] = "A user's name and password (MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD). Only when the server runs with auth.",
        ["bearer"] = "A personal access token from users/tokens/create (MLFLOW_TRACKING_TOKEN). Only when the server runs with auth.",
    };

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Workspaces REST API",
            Version = ApiDocumentation.DocumentName,
            Description = "MLflow's REST API (tracking, model registry, workspaces, users and permissions, AI Gateway) as this server answers it. "
                + "GET requests carry their fields in the query string (a list repeats the name), the other methods in a JSON body. "
                + "Unset fields are omitted from answers. Errors answer MLflow's envelope {\"error_code\": \"…\", \"message\": \"…\"}. "
                + "Every /api/ route also answers under /ajax-api/, the prefix MLflow's web UI uses.",
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        foreach (var (name, description) in SecuritySchemes)
            document.Components.SecuritySchemes[name] = new OpenApiSecurityScheme { Type = SecuritySchemeType.Http, Scheme = name, Description = description };

        var seen = new HashSet<OpenApiSchema>(ReferenceEqualityComparer.Instance);
        foreach (var schema in document.Components.Schemas?.Values ?? [])
            Wire(schema, seen);
        foreach (var operation in document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []))
        {
            foreach (var parameter in operation.Parameters ?? [])
                Wire(parameter.Schema, seen);
            var responses = operation.Responses?.Values.AsEnumerable() ?? [];
            foreach (var media in (operation.RequestBody?.Content?.Values.AsEnumerable() ?? []).Concat(responses.SelectMany(r => r.Content?.Values.AsEnumerable() ?? [])))
                Wire(media.Schema, seen);
        }
        return Task.CompletedTask;
    }

    private static void Wire(IOpenApiSchema? schema, HashSet<OpenApiSchema> seen)
    {
        if (schema is not OpenApiSchema s || !seen.Add(s))
            return;
        if (s.Properties is { Count: > 0 } properties)
        {
            var renamed = new Dictionary<string, IOpenApiSchema>();
            var required = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (name, property) in properties)
            {
                var wire = JsonNamingPolicy.SnakeCaseLower.ConvertName(name);
                var (present, nullable) = WithoutNull(property);
                renamed[wire] = present;
                if (s.Required?.Contains(name) == true && !nullable)
                    required.Add(wire);
            }
            s.Properties = renamed;
            s.Required = required;
        }
        foreach (var child in (s.Properties?.Values ?? []).Concat(s.OneOf ?? []).Concat(s.AnyOf ?? []).Concat(s.AllOf ?? []))
            Wire(child, seen);
        Wire(s.Items, seen);
        Wire(s.AdditionalProperties, seen);
    }

    /// <summary>A member that may be null is one that may be absent: its schema without the null alternative.</summary>
    internal static (IOpenApiSchema Schema, bool Nullable) WithoutNull(IOpenApiSchema schema)
    {
        switch (schema)
        {
            case OpenApiSchema { OneOf: [OpenApiSchema { Type: JsonSchemaType.Null }, var other] }:
                return (other, true);
            case OpenApiSchema { Type: { } type } s when type.HasFlag(JsonSchemaType.Null):
                s.Type = type & ~JsonSchemaType.Null;
                return (s, true);
            default:
                return (schema, false);
        }
    }
}
