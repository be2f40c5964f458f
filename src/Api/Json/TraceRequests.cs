using System.Globalization;
using Workspaces.Api.Requests;
using Workspaces.Data.Errors;
using Workspaces.Data.Tracing;

namespace Workspaces.Api.Json;

/// <summary>Reads the tracing protos' JSON (TraceInfoV3, Assessment) into the service requests.</summary>
public static class TraceRequests
{
    public static StartTraceRequest StartTrace(FieldReader info)
    {
        var location = info.OptObject("trace_location").Must();
        var experiment = location?.OptObject("mlflow_experiment").Must();
        var metadata = info.OptStringMap("trace_metadata").Must() ?? new Dictionary<string, string>();
        var tags = info.OptStringMap("tags").Must() ?? new Dictionary<string, string>();
        return new StartTraceRequest(
            info.OptString("trace_id").Must(), experiment?.OptString("experiment_id").Must(), info.OptString("client_request_id").Must(),
            info.OptString("request_preview").Must(), info.OptString("response_preview").Must(),
            Timestamp(info.OptString("request_time").Must(), "request_time").Must() ?? 0,
            Duration(info.OptString("execution_duration").Must(), "execution_duration").Must(),
            info.OptString("state").Must(), metadata.ToList(), tags.ToList(),
            info.Objects("assessments").Must().Select(Assessment).ToList());
    }

    public static AssessmentInput Assessment(FieldReader a)
    {
        var source = a.OptObject("source").Must();
        var feedback = a.OptObject("feedback").Must();
        var expectation = a.OptObject("expectation").Must();
        string? type = null, value = null, error = null, format = null;
        if (feedback is not null)
        {
            type = Data.Entities.Assessment.FeedbackType;
            value = feedback.OptRawJson("value");
            error = feedback.OptRawJson("error");
        }
        else if (expectation is not null)
        {
            type = Data.Entities.Assessment.ExpectationType;
            value = expectation.OptRawJson("value");
            if (expectation.OptObject("serialized_value").Must() is { } serialized)
            {
                format = serialized.OptString("serialization_format").Must();
                value = serialized.OptString("value").Must();
            }
        }
        return new AssessmentInput(a.OptString("assessment_name").Must(), a.OptString("trace_id").Must(), a.OptString("span_id").Must(),
            source?.OptString("source_type").Must(), source?.OptString("source_id").Must(), type, value, error, format,
            a.OptString("rationale").Must(), a.OptStringMap("metadata").Must(), a.OptString("overrides").Must(), a.OptString("run_id").Must(),
            a.OptBool("valid").Must());
    }

    /// <summary>A protobuf Timestamp string (RFC 3339) in milliseconds.</summary>
    public static Result<long?> Timestamp(string? text, string field)
    {
        if (string.IsNullOrEmpty(text))
            return Result<long?>.Success(null);
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? t.ToUnixTimeMilliseconds()
            : Error.InvalidParameter($"Invalid value \"{text}\" for parameter '{field}' supplied.");
    }

    /// <summary>A protobuf Duration string (<c>"1.5s"</c>) in milliseconds.</summary>
    public static Result<long?> Duration(string? text, string field)
    {
        if (string.IsNullOrEmpty(text))
            return Result<long?>.Success(null);
        if (text.EndsWith('s') && decimal.TryParse(text[..^1], NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var s))
            return (long)Math.Round(s * 1000m);
        return Error.InvalidParameter($"Invalid value \"{text}\" for parameter '{field}' supplied.");
    }
}
