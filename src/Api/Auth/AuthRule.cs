using Microsoft.AspNetCore.Builder;

namespace Workspaces.Api.Auth;

/// <summary>
/// The coarse class of a route, all the API layer decides (SPEC §3): who may reach the endpoint at all. What a caller
/// may do to a resource is the services' decision (<c>Workspaces.Data.Auth.Authorizer</c>), for the API and the UI alike.
/// </summary>
public enum RuleKind
{
    /// <summary>No credentials needed; only the routes listed in <see cref="Routing.PublicRoutes"/> are honoured as such.</summary>
    Public,

    /// <summary>Any signed-in caller; the service decides the rest.</summary>
    Authenticated,

    /// <summary>Server administration (users, workspaces catalog changes, every workspace's grants): admins only.</summary>
    Admin,
}

/// <summary>
/// The route class of an endpoint, attached as metadata. Every API route carries one; a test walks the routes and fails
/// for any without, and the authorization step denies a route that has none.
/// </summary>
public sealed record AuthRule(RuleKind Kind)
{
    public static readonly AuthRule Public = new(RuleKind.Public);
    public static readonly AuthRule Authenticated = new(RuleKind.Authenticated);
    public static readonly AuthRule Admin = new(RuleKind.Admin);
}

public static class AuthRuleExtensions
{
    public static TBuilder Rule<TBuilder>(this TBuilder builder, AuthRule rule)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(rule);
}
