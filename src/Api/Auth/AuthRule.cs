using Microsoft.AspNetCore.Builder;
using Workspaces.Data.Auth;

namespace Workspaces.Api.Auth;

public enum RuleKind
{
    /// <summary>No credentials needed (health, server-info).</summary>
    Public,

    /// <summary>Any signed-in user; the service filters what it returns (searches, listings, own account).</summary>
    Authenticated,

    Admin,

    /// <summary>Creating an experiment or model: EDIT on the request's workspace (SPEC §2).</summary>
    CreateInWorkspace,

    Experiment,
    ExperimentByName,
    Run,
    RunIds,
    LoggedModel,
    RegisteredModel,

    /// <summary>Workspace permission endpoints: MANAGE on the workspace in the route.</summary>
    WorkspaceManage,

    /// <summary>The user named in the request, or an admin.</summary>
    SelfOrAdmin,

    /// <summary>
    /// A proxied artifact path: the experiment it lies under (<c>workspaces/ws/12/…</c>), else the request
    /// workspace's own permission. Read from the route or the <c>path</c> query, never the (streamed) body.
    /// </summary>
    ArtifactProxy,

    /// <summary>A run named by <c>run_uuid</c>/<c>run_id</c> in the query string, for requests whose body is data.</summary>
    RunFromQuery,
}

/// <summary>
/// The authorization rule of an endpoint, attached as metadata. Every API route carries one; a test walks
/// the routes and fails for any without, and the authorization step denies a route that has none.
/// </summary>
public sealed record AuthRule(RuleKind Kind, AccessLevel Level = AccessLevel.Read, string Field = "")
{
    public static readonly AuthRule Public = new(RuleKind.Public);
    public static readonly AuthRule Authenticated = new(RuleKind.Authenticated);
    public static readonly AuthRule Admin = new(RuleKind.Admin);
    public static readonly AuthRule CreateInWorkspace = new(RuleKind.CreateInWorkspace, AccessLevel.Update);

    public static AuthRule Experiment(AccessLevel level, string field = "experiment_id") => new(RuleKind.Experiment, level, field);

    public static AuthRule Run(AccessLevel level) => new(RuleKind.Run, level, "run_id");

    public static AuthRule LoggedModel(AccessLevel level) => new(RuleKind.LoggedModel, level, "modelId");

    public static AuthRule Model(AccessLevel level, string field = "name") => new(RuleKind.RegisteredModel, level, field);

    public static AuthRule WorkspaceManage => new(RuleKind.WorkspaceManage, AccessLevel.Manage, "workspaceName");

    public static AuthRule ArtifactProxy(AccessLevel level) => new(RuleKind.ArtifactProxy, level, "artifactPath");

    public static AuthRule RunFromQuery(AccessLevel level) => new(RuleKind.RunFromQuery, level, "run_uuid");

    public static AuthRule Self(string field = "username") => new(RuleKind.SelfOrAdmin, AccessLevel.Read, field);
}

public static class AuthRuleExtensions
{
    public static TBuilder Rule<TBuilder>(this TBuilder builder, AuthRule rule)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(rule);
}
