using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Workspaces.Api.Auth;
using Workspaces.Data.Auth;
using Workspaces.Tests.Unit.Infrastructure;
using static Workspaces.Data.Auth.AccessLevel;

namespace Workspaces.Tests.Unit.Api;

/// <summary>
/// Each endpoint's rule against the table of reference mlflow-auth.md §2.4, adapted to SPEC (create needs
/// EDIT on the workspace; searches are filtered rather than pre-checked). Checked for every API prefix.
/// </summary>
public sealed class AuthRuleTableTests(AuthWorld<SqliteDb> world) : IClassFixture<AuthWorld<SqliteDb>>
{
    public static TheoryData<string, string, RuleKind, AccessLevel> Table => new()
    {
        { "POST", "experiments/create", RuleKind.Authenticated, Update },
        { "GET", "experiments/get", RuleKind.Authenticated, Read },
        { "GET", "experiments/get-by-name", RuleKind.Authenticated, Read },
        { "POST", "experiments/update", RuleKind.Authenticated, Update },
        { "POST", "experiments/set-experiment-tag", RuleKind.Authenticated, Update },
        { "POST", "experiments/delete-experiment-tag", RuleKind.Authenticated, Update },
        { "POST", "experiments/delete", RuleKind.Authenticated, Delete },
        { "POST", "experiments/restore", RuleKind.Authenticated, Delete },
        { "POST", "experiments/search", RuleKind.Authenticated, Read },
        { "POST", "runs/create", RuleKind.Authenticated, Update },
        { "GET", "runs/get", RuleKind.Authenticated, Read },
        { "GET", "metrics/get-history", RuleKind.Authenticated, Read },
        { "GET", "metrics/get-history-bulk-interval", RuleKind.Authenticated, Read },
        { "POST", "runs/update", RuleKind.Authenticated, Update },
        { "POST", "runs/log-metric", RuleKind.Authenticated, Update },
        { "POST", "runs/log-parameter", RuleKind.Authenticated, Update },
        { "POST", "runs/log-batch", RuleKind.Authenticated, Update },
        { "POST", "runs/log-model", RuleKind.Authenticated, Update },
        { "POST", "runs/log-inputs", RuleKind.Authenticated, Update },
        { "POST", "runs/outputs", RuleKind.Authenticated, Update },
        { "POST", "runs/set-tag", RuleKind.Authenticated, Update },
        { "POST", "runs/delete-tag", RuleKind.Authenticated, Update },
        { "POST", "runs/delete", RuleKind.Authenticated, Delete },
        { "POST", "runs/restore", RuleKind.Authenticated, Delete },
        { "POST", "runs/search", RuleKind.Authenticated, Read },
        { "POST", "logged-models", RuleKind.Authenticated, Update },
        { "GET", "logged-models/{modelId}", RuleKind.Authenticated, Read },
        { "PATCH", "logged-models/{modelId}", RuleKind.Authenticated, Update },
        { "PATCH", "logged-models/{modelId}/tags", RuleKind.Authenticated, Update },
        { "POST", "logged-models/{modelId}/params", RuleKind.Authenticated, Update },
        { "DELETE", "logged-models/{modelId}", RuleKind.Authenticated, Delete },
        { "DELETE", "logged-models/{modelId}/tags/{tagKey}", RuleKind.Authenticated, Delete },
        { "POST", "logged-models/search", RuleKind.Authenticated, Read },
        { "POST", "registered-models/create", RuleKind.Authenticated, Update },
        { "GET", "registered-models/get", RuleKind.Authenticated, Read },
        { "GET", "registered-models/get-latest-versions", RuleKind.Authenticated, Read },
        { "GET", "registered-models/alias", RuleKind.Authenticated, Read },
        { "GET", "model-versions/get", RuleKind.Authenticated, Read },
        { "GET", "model-versions/get-download-uri", RuleKind.Authenticated, Read },
        { "PATCH", "registered-models/update", RuleKind.Authenticated, Update },
        { "POST", "registered-models/rename", RuleKind.Authenticated, Update },
        { "POST", "registered-models/set-tag", RuleKind.Authenticated, Update },
        { "DELETE", "registered-models/delete-tag", RuleKind.Authenticated, Update },
        { "POST", "registered-models/alias", RuleKind.Authenticated, Update },
        { "POST", "model-versions/create", RuleKind.Authenticated, Update },
        { "PATCH", "model-versions/update", RuleKind.Authenticated, Update },
        { "POST", "model-versions/transition-stage", RuleKind.Authenticated, Update },
        { "POST", "model-versions/set-tag", RuleKind.Authenticated, Update },
        { "DELETE", "registered-models/delete", RuleKind.Authenticated, Delete },
        { "DELETE", "registered-models/alias", RuleKind.Authenticated, Delete },
        { "DELETE", "model-versions/delete", RuleKind.Authenticated, Delete },
        { "DELETE", "model-versions/delete-tag", RuleKind.Authenticated, Delete },
        { "POST", "registered-models/search", RuleKind.Authenticated, Read },
        { "POST", "model-versions/search", RuleKind.Authenticated, Read },
        { "GET", "workspaces", RuleKind.Authenticated, Read },
        { "GET", "workspaces/{workspaceName}", RuleKind.Authenticated, Read },
        { "POST", "workspaces", RuleKind.Admin, Read },
        { "PATCH", "workspaces/{workspaceName}", RuleKind.Admin, Read },
        { "DELETE", "workspaces/{workspaceName}", RuleKind.Admin, Read },
        { "POST", "experiments/permissions/create", RuleKind.Authenticated, Manage },
        { "DELETE", "experiments/permissions/delete", RuleKind.Authenticated, Manage },
        { "POST", "registered-models/permissions/create", RuleKind.Authenticated, Manage },
        { "POST", "workspaces/{workspaceName}/permissions", RuleKind.Authenticated, Manage },
        { "GET", "workspace-permissions", RuleKind.Admin, Read },
        { "POST", "users/create", RuleKind.Admin, Read },
        { "GET", "users/get", RuleKind.Authenticated, Read },
        { "PATCH", "users/update-password", RuleKind.Authenticated, Read },
        { "PATCH", "users/update-admin", RuleKind.Admin, Read },
        { "DELETE", "users/delete", RuleKind.Admin, Read },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void The_endpoint_checks_the_level_the_reference_names(string method, string route, RuleKind kind, AccessLevel level)
    {
        var endpoints = world.Host.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && raw.TrimEnd('/').EndsWith("/mlflow/" + route, StringComparison.Ordinal))
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains(method) == true)
            .ToList();
        Assert.NotEmpty(endpoints);
        foreach (var endpoint in endpoints)
        {
            var rule = endpoint.Metadata.GetMetadata<AuthRule>();
            Assert.NotNull(rule);
            Assert.Equal(kind, rule.Kind);
            if (kind is not (RuleKind.Authenticated or RuleKind.Admin or RuleKind.SelfOrAdmin or RuleKind.Public))
                Assert.Equal(level, rule.Level);
        }
    }
}
