namespace Workspaces.Data.Tracing;

/// <summary>The reserved tag, metadata and span attribute keys the server reads or writes (reference §1.3).</summary>
public static class TraceKeys
{
    public const string ArtifactLocation = "mlflow.artifactLocation";
    public const string SpansLocation = "mlflow.trace.spansLocation";
    public const string TrackingStore = "TRACKING_STORE";
    public const string TraceName = "mlflow.traceName";
    public const string SourceRun = "mlflow.sourceRun";
    public const string Session = "mlflow.trace.session";
    public const string User = "mlflow.trace.user";
    public const string TokenUsage = "mlflow.trace.tokenUsage";
    public const string SizeStats = "mlflow.trace.sizeStats";
    public const string SizeStatsNumSpans = "num_spans";
    public const string SchemaVersion = "mlflow.trace_schema.version";
    public const string LinkedPrompts = "mlflow.linkedPrompts";

    public const string SpanInputs = "mlflow.spanInputs";
    public const string SpanOutputs = "mlflow.spanOutputs";
    public const string SpanType = "mlflow.spanType";
    public const string SpanTokenUsage = "mlflow.chat.tokenUsage";
    public const string SessionAttribute = "session.id";
    public const string UserAttribute = "user.id";

    public const string InputTokens = "input_tokens";
    public const string OutputTokens = "output_tokens";
    public const string TotalTokens = "total_tokens";

    /// <summary>Trace ids are <c>tr-</c> + the hex OpenTelemetry trace id.</summary>
    public const string IdPrefix = "tr-";

    /// <summary>MLflow's OSS client truncates previews to this many characters.</summary>
    public const int PreviewLength = 1000;

    public const int TagValueLength = StoredText.RunTagValue;
}
