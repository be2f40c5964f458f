using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Workspaces.Api.Errors;
using Workspaces.Api.Requests;
using Microsoft.Extensions.DependencyInjection;
using Workspaces.Data;
using Workspaces.Data.Artifacts;
using Workspaces.Data.Auth;
using Workspaces.Data.Errors;
using Workspaces.Data.Registry;
using Workspaces.Data.Tenancy;
using Workspaces.Data.Tracking;

namespace Workspaces.Api.Auth;

/// <summary>
/// Applies the endpoint's <see cref="AuthRule"/> after routing (SPEC §6). A resource that does not exist in
/// the request's workspace is left to the endpoint, which answers 404; a caller who cannot see the
/// workspace and holds no grant on the resource also gets that 404, so nothing is revealed; anyone else
/// lacking the level gets MLflow's 403.
/// </summary>
public sealed class ApiAuthorizationMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext http, AuthSettings settings, AccessContext access, AccessService accessService)
    {
        var endpoint = http.GetEndpoint();
        if (!settings.Enabled || endpoint is null || !access.AuthEnabled || access.IsAdmin)
        {
            await next(http);
            return;
        }
        var rule = endpoint.Metadata.GetMetadata<AuthRule>();
        if (rule is null)
        {
            if (endpoint is RouteEndpoint route && Routing.MlflowRoutes.IsApiPath("/" + route.RoutePattern.RawText?.TrimStart('/')))
            {
                await AuthResponses.WriteForbiddenAsync(http); // fail closed: an API route without a rule is a bug
                return;
            }
            await next(http);
            return;
        }
        var verdict = await DecideAsync(http, rule, access, accessService);
        if (verdict.Kind == VerdictKind.Allow)
            await next(http);
        else if (verdict.Kind == VerdictKind.Forbidden)
            await AuthResponses.WriteForbiddenAsync(http);
        else
            await MlflowResults.WriteAsync(http, verdict.NotFound!);
    }

    private enum VerdictKind
    {
        Allow,
        Forbidden,
        Hidden,
    }

    private readonly record struct Verdict(VerdictKind Kind, Error? NotFound = null)
    {
        public static readonly Verdict Allow = new(VerdictKind.Allow);
        public static readonly Verdict Forbidden = new(VerdictKind.Forbidden);

        public static Verdict Hidden(Error notFound) => new(VerdictKind.Hidden, notFound);
    }

    private static async Task<Verdict> DecideAsync(HttpContext http, AuthRule rule, AccessContext access, AccessService service)
    {
        var ct = http.RequestAborted;
        switch (rule.Kind)
        {
            case RuleKind.Public or RuleKind.Authenticated:
                return Verdict.Allow;
            case RuleKind.Admin:
                return Verdict.Forbidden;
            case RuleKind.CreateInWorkspace:
                return (await service.WorkspaceAsync(null, ct)).Allows(rule.Level) ? Verdict.Allow : Verdict.Forbidden;
            case RuleKind.WorkspaceManage:
                return (await service.WorkspaceAsync(http.GetRouteValue(rule.Field) as string, ct)).CanManage ? Verdict.Allow : Verdict.Forbidden;
            case RuleKind.ArtifactProxy:
                return await ArtifactPathAsync(http, rule, service, ct);
            case RuleKind.RunFromQuery:
                var queried = http.Request.Query[rule.Field].ToString() is { Length: > 0 } uuid ? uuid : http.Request.Query["run_id"].ToString();
                return queried.Length == 0 ? Verdict.Allow : Judge(await service.RunAsync(queried, ct), rule.Level, RunLookup.NotFound(queried));
        }
        var fields = await RequestFields.ReadAsync(http.Request, ct);
        if (!fields.IsSuccess)
            return Verdict.Allow; // the endpoint answers the malformed request with its own 400
        var f = fields.Value;
        switch (rule.Kind)
        {
            case RuleKind.SelfOrAdmin:
                return f.OptString(rule.Field) is { IsSuccess: true, Value: var self } && self == access.Username ? Verdict.Allow : Verdict.Forbidden;
            case RuleKind.Experiment:
                var experimentId = f.OptString(rule.Field);
                if (!experimentId.IsSuccess || !ExperimentIds.Parse(experimentId.Value).IsSuccess)
                    return Verdict.Allow;
                var id = ExperimentIds.Parse(experimentId.Value).Value;
                return Judge(await service.ExperimentAsync(id, ct), rule.Level, ExperimentIds.NotFound(ExperimentIds.Format(id)));
            case RuleKind.Run:
                var runId = RunIdOf(f);
                return runId is null ? Verdict.Allow : Judge(await service.RunAsync(runId, ct), rule.Level, RunLookup.NotFound(runId));
            case RuleKind.RunIds:
                var ids = f.Strings("run_ids");
                if (!ids.IsSuccess)
                    return Verdict.Allow;
                foreach (var each in ids.Value.Distinct())
                {
                    var decision = await service.RunAsync(each, ct);
                    if (decision.Exists && Judge(decision, rule.Level, RunLookup.NotFound(each)).Kind != VerdictKind.Allow)
                        return Verdict.Forbidden;
                }
                return Verdict.Allow;
            case RuleKind.LoggedModel:
                var modelId = http.GetRouteValue(rule.Field) as string ?? "";
                return Judge(await service.LoggedModelAsync(modelId, ct), rule.Level, LoggedModelService.NotFound(modelId));
            case RuleKind.RegisteredModel:
                var modelName = f.OptString(rule.Field);
                if (!modelName.IsSuccess || string.IsNullOrEmpty(modelName.Value))
                    return Verdict.Allow;
                return Judge(await service.RegisteredModelAsync(modelName.Value, ct), rule.Level, RegistryRules.ModelNotFound(modelName.Value));
            case RuleKind.ExperimentByName:
                var experimentName = f.OptString(rule.Field);
                if (!experimentName.IsSuccess || string.IsNullOrEmpty(experimentName.Value))
                    return Verdict.Allow;
                return Judge(await service.ExperimentByNameAsync(experimentName.Value, ct), rule.Level,
                    Error.NotFound($"Could not find experiment with name '{experimentName.Value}'"));
            default:
                return Verdict.Forbidden;
        }
    }

    /// <summary>A proxied path: the decision is AccessService's; a path that fails the checks is the endpoint's 400.</summary>
    private static async Task<Verdict> ArtifactPathAsync(HttpContext http, AuthRule rule, AccessService service, CancellationToken ct)
    {
        var raw = http.GetRouteValue(rule.Field) as string ?? http.Request.Query["path"].ToString();
        var workspace = http.RequestServices.GetRequiredService<WorkspaceContext>();
        var settings = http.RequestServices.GetRequiredService<ServerSettings>();
        var scoped = ArtifactPath.CheckAndScope(raw, workspace.Name, settings.EnableWorkspaces);
        if (!scoped.IsSuccess)
            return Verdict.Allow;
        return (await service.ArtifactPathAsync(scoped.Value, ct)).Effective.Allows(rule.Level) ? Verdict.Allow : Verdict.Forbidden;
    }

    private static Verdict Judge(AccessService.Decision decision, AccessLevel level, Error notFound)
    {
        if (!decision.Exists)
            return Verdict.Allow; // the endpoint's own lookup answers 404
        if (decision.Effective.Allows(level))
            return Verdict.Allow;
        return decision.Explicit is null && !decision.Workspace.CanRead ? Verdict.Hidden(notFound) : Verdict.Forbidden;
    }

    private static string? RunIdOf(FieldReader f)
    {
        var runId = f.OptString("run_id");
        if (runId is { IsSuccess: true, Value: { Length: > 0 } id })
            return id;
        var legacy = f.OptString("run_uuid");
        return legacy is { IsSuccess: true, Value: { Length: > 0 } uuid } ? uuid : null;
    }
}
