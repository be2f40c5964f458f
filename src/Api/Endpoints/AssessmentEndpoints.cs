using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Workspaces.Api.Auth;
using Workspaces.Api.Json;
using Workspaces.Api.Requests;
using Workspaces.Api.Routing;
using Workspaces.Data.Errors;
using Workspaces.Data.Tracing;

namespace Workspaces.Api.Endpoints;

/// <summary>Assessment RPCs under <c>/api/3.0/mlflow/traces/{trace_id}/assessments</c> (reference §2.1 routes 10–13).</summary>
public static class AssessmentEndpoints
{
    public static void MapAssessmentEndpoints(this IEndpointRouteBuilder app)
    {
        foreach (var prefix in app.MlflowGroups(3))
        {
            var g = prefix.MapGroup("/mlflow/traces/{traceId}/assessments").WithTags("Assessments");
            g.MapPost("", (HttpRequest r, string traceId, AssessmentService s) => Rpc.HandleAsync(r, async (f, ct) =>
            {
                var input = TraceRequests.Assessment(Body(f));
                return Respond(await s.CreateAsync(traceId, input, ct));
            })).Shape<CreateAssessmentRequestJson, AssessmentResponse>().Rule(AuthRule.Authenticated);
            g.MapGet("/{assessmentId}", (HttpRequest r, string traceId, string assessmentId, AssessmentService s) => Rpc.HandleAsync(r, async (_, ct) =>
                Respond(await s.GetAsync(traceId, assessmentId, ct)))).Shape<AssessmentResponse>().Rule(AuthRule.Authenticated);
            g.MapPatch("/{assessmentId}", (HttpRequest r, string traceId, string assessmentId, AssessmentService s) => Rpc.HandleAsync(r, async (f, ct) =>
            {
                var input = TraceRequests.Assessment(Body(f));
                return Respond(await s.UpdateAsync(traceId, assessmentId, input, f.RequiredString("update_mask").Must(), ct));
            })).Shape<UpdateAssessmentRequestJson, AssessmentResponse>().Rule(AuthRule.Authenticated);
            g.MapDelete("/{assessmentId}", (HttpRequest r, string traceId, string assessmentId, AssessmentService s) => Rpc.HandleAsync(r, async (_, ct) =>
                Rpc.From(await s.DeleteAsync(traceId, assessmentId, ct)))).Shape<EmptyResponse>().Rule(AuthRule.Authenticated);
        }
    }

    private static FieldReader Body(FieldReader f) =>
        f.OptObject("assessment").Must() ?? throw new RequestFieldException(Error.MissingParameter("assessment"));

    private static IResult Respond(Result<AssessmentDto> result) => Rpc.From(result, a => TraceJson.Respond(w =>
    {
        w.WritePropertyName("assessment");
        TraceJson.WriteAssessment(w, a);
    }));
}
