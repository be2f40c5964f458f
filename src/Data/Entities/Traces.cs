using System.Linq.Expressions;

namespace Workspaces.Data.Entities;

/// <summary>
/// An MLflow trace's metadata row (MLflow's <c>trace_info</c>); its workspace is its experiment's. The id is
/// <c>tr-</c> + the OpenTelemetry trace id in hex for traces of our clients, but any string of up to 50 characters.
/// </summary>
public sealed class TraceInfo : IWorkspaceChild<TraceInfo>
{
    public required string RequestId { get; set; }

    public long ExperimentId { get; set; }

    public long TimestampMs { get; set; }

    public long? ExecutionTimeMs { get; set; }

    /// <summary>The v3 state name: <c>OK</c>, <c>ERROR</c>, <c>IN_PROGRESS</c> or <c>STATE_UNSPECIFIED</c>.</summary>
    public string Status { get; set; } = TraceStates.InProgress;

    public string? ClientRequestId { get; set; }

    public string? RequestPreview { get; set; }

    public string? ResponsePreview { get; set; }

    public Experiment? Experiment { get; set; }

    public static Expression<Func<TraceInfo, string>> WorkspacePath => t => t.Experiment!.Workspace;
}

public static class TraceStates
{
    public const string Unspecified = "STATE_UNSPECIFIED";
    public const string Ok = "OK";
    public const string Error = "ERROR";
    public const string InProgress = "IN_PROGRESS";
}

/// <summary>A mutable trace tag.</summary>
public sealed class TraceTag : IWorkspaceChild<TraceTag>
{
    public required string RequestId { get; set; }

    public required string Key { get; set; }

    public string? Value { get; set; }

    public TraceInfo? Trace { get; set; }

    public static Expression<Func<TraceTag, string>> WorkspacePath => t => t.Trace!.Experiment!.Workspace;
}

/// <summary>A trace metadata entry (meant to be immutable once the client finalized the trace).</summary>
public sealed class TraceMetadata : IWorkspaceChild<TraceMetadata>
{
    public required string RequestId { get; set; }

    public required string Key { get; set; }

    public string? Value { get; set; }

    public TraceInfo? Trace { get; set; }

    public static Expression<Func<TraceMetadata, string>> WorkspacePath => t => t.Trace!.Experiment!.Workspace;
}

/// <summary>A numeric trace metric (token usage: <c>input_tokens</c>, <c>output_tokens</c>, <c>total_tokens</c>).</summary>
public sealed class TraceMetric : IWorkspaceChild<TraceMetric>
{
    public required string RequestId { get; set; }

    public required string Key { get; set; }

    public double Value { get; set; }

    public TraceInfo? Trace { get; set; }

    public static Expression<Func<TraceMetric, string>> WorkspacePath => t => t.Trace!.Experiment!.Workspace;
}

/// <summary>A trace linked to a run (link-to-run), found by the <c>run_id</c> search filter besides <c>mlflow.sourceRun</c>.</summary>
public sealed class TraceRunLink : IWorkspaceChild<TraceRunLink>
{
    public required string RequestId { get; set; }

    public required string RunUuid { get; set; }

    public TraceInfo? Trace { get; set; }

    public Run? Run { get; set; }

    public static Expression<Func<TraceRunLink, string>> WorkspacePath => t => t.Trace!.Experiment!.Workspace;
}

/// <summary>
/// One span, kept as MLflow's span dict JSON in <see cref="Content"/>; the other columns serve filters and ordering.
/// </summary>
public sealed class TraceSpan : IWorkspaceChild<TraceSpan>
{
    public required string TraceId { get; set; }

    public required string SpanId { get; set; }

    public long ExperimentId { get; set; }

    public string? ParentSpanId { get; set; }

    public string? Name { get; set; }

    public string? Type { get; set; }

    /// <summary><c>UNSET</c>, <c>OK</c> or <c>ERROR</c>.</summary>
    public string Status { get; set; } = "UNSET";

    public long StartTimeUnixNano { get; set; }

    public long? EndTimeUnixNano { get; set; }

    public required string Content { get; set; }

    public TraceInfo? Trace { get; set; }

    public static Expression<Func<TraceSpan, string>> WorkspacePath => s => s.Trace!.Experiment!.Workspace;
}

/// <summary>Feedback or an expectation on a trace (or one of its spans).</summary>
public sealed class Assessment : IWorkspaceChild<Assessment>
{
    public const string FeedbackType = "feedback";
    public const string ExpectationType = "expectation";

    public required string AssessmentId { get; set; }

    public required string TraceId { get; set; }

    public required string Name { get; set; }

    public required string AssessmentType { get; set; }

    /// <summary>The value as JSON (null when a feedback carries only an error).</summary>
    public string? Value { get; set; }

    /// <summary>The feedback error as JSON <c>{"error_code","error_message","stack_trace"}</c>.</summary>
    public string? Error { get; set; }

    /// <summary>An expectation's serialization format when sent as <c>serialized_value</c>.</summary>
    public string? SerializationFormat { get; set; }

    public long CreatedTimestamp { get; set; }

    public long LastUpdatedTimestamp { get; set; }

    public string SourceType { get; set; } = "SOURCE_TYPE_UNSPECIFIED";

    public string? SourceId { get; set; }

    public string? RunId { get; set; }

    public string? SpanId { get; set; }

    public string? Rationale { get; set; }

    public string? Overrides { get; set; }

    public bool Valid { get; set; } = true;

    /// <summary>The metadata map as a JSON object.</summary>
    public string? Metadata { get; set; }

    public TraceInfo? Trace { get; set; }

    public static Expression<Func<Assessment, string>> WorkspacePath => a => a.Trace!.Experiment!.Workspace;
}
