using System.Text.Json.Serialization;

namespace Workspaces.Api.Json;

/// <summary>The error body of <c>POST /v1/traces</c>: MLflow serves that route with FastAPI, whose errors are <c>{"detail": …}</c>.</summary>
public sealed record OtlpDetail(string Detail);

/// <summary>FastAPI's request-validation body (422), which MLflow answers for a missing required header.</summary>
public sealed record OtlpValidationResponse(IReadOnlyList<OtlpValidationError> Detail);

/// <summary>One validation error; <c>input</c> is written as null, as FastAPI does for an absent header.</summary>
public sealed record OtlpValidationError(string Type, IReadOnlyList<string> Loc, string Msg,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Input);
