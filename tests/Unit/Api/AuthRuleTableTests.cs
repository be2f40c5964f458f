using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Workspaces.Api.Auth;
using Workspaces.Tests.Unit.Infrastructure;

namespace Workspaces.Tests.Unit.Api;

/// <summary>
/// Each endpoint's route class (issue 13: the API layer only classifies routes; the levels of reference mlflow-auth.md
/// §2.4 are decided by the services and proven by the service-level permission matrices in tests/Unit/Data). Checked
/// for every API prefix.
/// </summary>
public sealed class AuthRuleTableTests(AuthWorld<SqliteDb> world) : IClassFixture<AuthWorld<SqliteDb>>
{
    public static TheoryData<string, string, RuleKind> Table => new()
    {
        { "POST", "experiments/create", RuleKind.Authenticated },
        { "GET", "experiments/get", RuleKind.Authenticated },
        { "GET", "experiments/get-by-name", RuleKind.Authenticated },
        { "POST", "experiments/update", RuleKind.Authenticated },
        { "POST", "experiments/set-experiment-tag", RuleKind.Authenticated },
        { "POST", "experiments/delete-experiment-tag", RuleKind.Authenticated },
        { "POST", "experiments/delete", RuleKind.Authenticated },
        { "POST", "experiments/restore", RuleKind.Authenticated },
        { "POST", "experiments/search", RuleKind.Authenticated },
        { "POST", "runs/create", RuleKind.Authenticated },
        { "GET", "runs/get", RuleKind.Authenticated },
        { "GET", "metrics/get-history", RuleKind.Authenticated },
        { "GET", "metrics/get-history-bulk-interval", RuleKind.Authenticated },
        { "POST", "runs/update", RuleKind.Authenticated },
        { "POST", "runs/log-metric", RuleKind.Authenticated },
        { "POST", "runs/log-parameter", RuleKind.Authenticated },
        { "POST", "runs/log-batch", RuleKind.Authenticated },
        { "POST", "runs/log-model", RuleKind.Authenticated },
        { "POST", "runs/log-inputs", RuleKind.Authenticated },
        { "POST", "runs/outputs", RuleKind.Authenticated },
        { "POST", "runs/set-tag", RuleKind.Authenticated },
        { "POST", "runs/delete-tag", RuleKind.Authenticated },
        { "POST", "runs/delete", RuleKind.Authenticated },
        { "POST", "runs/restore", RuleKind.Authenticated },
        { "POST", "runs/search", RuleKind.Authenticated },
        { "POST", "logged-models", RuleKind.Authenticated },
        { "GET", "logged-models/{modelId}", RuleKind.Authenticated },
        { "PATCH", "logged-models/{modelId}", RuleKind.Authenticated },
        { "PATCH", "logged-models/{modelId}/tags", RuleKind.Authenticated },
        { "POST", "logged-models/{modelId}/params", RuleKind.Authenticated },
        { "DELETE", "logged-models/{modelId}", RuleKind.Authenticated },
        { "DELETE", "logged-models/{modelId}/tags/{tagKey}", RuleKind.Authenticated },
        { "POST", "logged-models/search", RuleKind.Authenticated },
        { "POST", "registered-models/create", RuleKind.Authenticated },
        { "GET", "registered-models/get", RuleKind.Authenticated },
        { "GET", "registered-models/get-latest-versions", RuleKind.Authenticated },
        { "GET", "registered-models/alias", RuleKind.Authenticated },
        { "GET", "model-versions/get", RuleKind.Authenticated },
        { "GET", "model-versions/get-download-uri", RuleKind.Authenticated },
        { "PATCH", "registered-models/update", RuleKind.Authenticated },
        { "POST", "registered-models/rename", RuleKind.Authenticated },
        { "POST", "registered-models/set-tag", RuleKind.Authenticated },
        { "DELETE", "registered-models/delete-tag", RuleKind.Authenticated },
        { "POST", "registered-models/alias", RuleKind.Authenticated },
        { "POST", "model-versions/create", RuleKind.Authenticated },
        { "PATCH", "model-versions/update", RuleKind.Authenticated },
        { "POST", "model-versions/transition-stage", RuleKind.Authenticated },
        { "POST", "model-versions/set-tag", RuleKind.Authenticated },
        { "DELETE", "registered-models/delete", RuleKind.Authenticated },
        { "DELETE", "registered-models/alias", RuleKind.Authenticated },
        { "DELETE", "model-versions/delete", RuleKind.Authenticated },
        { "DELETE", "model-versions/delete-tag", RuleKind.Authenticated },
        { "POST", "registered-models/search", RuleKind.Authenticated },
        { "POST", "model-versions/search", RuleKind.Authenticated },
        { "GET", "workspaces", RuleKind.Authenticated },
        { "GET", "workspaces/{workspaceName}", RuleKind.Authenticated },
        { "POST", "workspaces", RuleKind.Admin },
        { "PATCH", "workspaces/{workspaceName}", RuleKind.Admin },
        { "DELETE", "workspaces/{workspaceName}", RuleKind.Admin },
        { "POST", "experiments/permissions/create", RuleKind.Authenticated },
        { "DELETE", "experiments/permissions/delete", RuleKind.Authenticated },
        { "POST", "registered-models/permissions/create", RuleKind.Authenticated },
        { "POST", "workspaces/{workspaceName}/permissions", RuleKind.Authenticated },
        { "POST", "traces", RuleKind.Authenticated },
        { "GET", "traces/{traceId}", RuleKind.Authenticated },
        { "GET", "traces/get", RuleKind.Authenticated },
        { "GET", "traces/batchGet", RuleKind.Authenticated },
        { "POST", "traces/batchGetInfos", RuleKind.Authenticated },
        { "POST", "traces/search", RuleKind.Authenticated },
        { "POST", "traces/calculate-filter-correlation", RuleKind.Authenticated },
        { "POST", "traces/delete-traces", RuleKind.Authenticated },
        { "PATCH", "traces/{traceId}/tags", RuleKind.Authenticated },
        { "DELETE", "traces/{traceId}/tags", RuleKind.Authenticated },
        { "POST", "traces/{traceId}/assessments", RuleKind.Authenticated },
        { "GET", "traces/{traceId}/assessments/{assessmentId}", RuleKind.Authenticated },
        { "PATCH", "traces/{traceId}/assessments/{assessmentId}", RuleKind.Authenticated },
        { "DELETE", "traces/{traceId}/assessments/{assessmentId}", RuleKind.Authenticated },
        { "POST", "traces/link-to-run", RuleKind.Authenticated },
        { "POST", "traces/link-prompts", RuleKind.Authenticated },
        { "GET", "get-trace-artifact", RuleKind.Authenticated },
        { "GET", "traces", RuleKind.Authenticated },
        { "PATCH", "traces/{traceId}", RuleKind.Authenticated },
        { "GET", "traces/{traceId}/info", RuleKind.Authenticated },
        { "GET", "workspace-permissions", RuleKind.Admin },
        { "POST", "users/create", RuleKind.Admin },
        { "GET", "users/get", RuleKind.Authenticated },
        { "PATCH", "users/update-password", RuleKind.Authenticated },
        { "PATCH", "users/update-admin", RuleKind.Admin },
        { "DELETE", "users/delete", RuleKind.Admin },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void The_endpoint_has_the_route_class_of_the_table(string method, string route, RuleKind kind)
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
        }
    }
}
