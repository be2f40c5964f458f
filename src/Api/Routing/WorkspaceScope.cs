using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Workspaces.Api.Routing;

/// <summary>
/// Marks a route that works without a workspace (the catalog itself, accounts, tokens, the audit log, a user's grants
/// across workspaces). Without a header and without a default workspace (MLflow's provider without a default), every
/// other API route answers 400 "Active workspace is required".
/// </summary>
public sealed class WorkspaceUnscoped
{
    public static WorkspaceUnscoped Instance { get; } = new();

    public static bool Matches(HttpContext http) => http.GetEndpoint()?.Metadata.GetMetadata<WorkspaceUnscoped>() is not null;
}

public static class WorkspaceScopeExtensions
{
    public static TBuilder Unscoped<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(WorkspaceUnscoped.Instance);
}
