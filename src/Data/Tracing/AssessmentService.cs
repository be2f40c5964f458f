using System.Text;
using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Common;
using Workspaces.Data.Entities;
using Workspaces.Data.Errors;

namespace Workspaces.Data.Tracing;

/// <summary>Feedback and expectations on traces (reference §1.5, §2.1 routes 10–13).</summary>
public sealed class AssessmentService(IDbContextFactory<TrackingDbContext> dbFactory, TraceAccess access, TimeProvider time)
{
    public static Error NotFound(string assessmentId, string traceId) =>
        Error.NotFound($"Assessment with ID '{assessmentId}' not found for trace '{traceId}'");

    public async Task<Result<AssessmentDto>> CreateAsync(string? traceId, AssessmentInput input, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var trace = await access.FindAsync(db, traceId, AccessLevel.Update, ct);
        if (!trace.IsSuccess)
            return trace.Error;
        var stored = await InsertAsync(db, trace.Value.RequestId, input, ct);
        if (!stored.IsSuccess)
            return stored.Error;
        await db.SaveChangesAsync(ct);
        return TraceReader.ToDto(stored.Value);
    }

    public async Task<Result<AssessmentDto>> GetAsync(string? traceId, string? assessmentId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var trace = await access.FindAsync(db, traceId, AccessLevel.Read, ct);
        if (!trace.IsSuccess)
            return trace.Error;
        var row = await db.Assessments.AsNoTracking().FirstOrDefaultAsync(a => a.TraceId == trace.Value.RequestId && a.AssessmentId == assessmentId, ct);
        return row is null ? NotFound(assessmentId ?? "", trace.Value.RequestId) : TraceReader.ToDto(row);
    }

    /// <summary>Applies the paths of the field mask (comma-separated, snake_case or the Python client's lowerCamelCase).</summary>
    public async Task<Result<AssessmentDto>> UpdateAsync(string? traceId, string? assessmentId, AssessmentInput input, string? updateMask, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(updateMask))
            return Error.MissingParameter("update_mask");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var trace = await access.FindAsync(db, traceId, AccessLevel.Update, ct);
        if (!trace.IsSuccess)
            return trace.Error;
        var row = await db.Assessments.AsTracking().FirstOrDefaultAsync(a => a.TraceId == trace.Value.RequestId && a.AssessmentId == assessmentId, ct);
        if (row is null)
            return NotFound(assessmentId ?? "", trace.Value.RequestId);
        foreach (var path in updateMask.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(SnakeCase))
        {
            switch (path)
            {
                case "assessment_name":
                    if (string.IsNullOrEmpty(input.Name))
                        return Error.MissingParameter("assessment_name");
                    row.Name = input.Name;
                    break;
                case "feedback":
                    if (row.AssessmentType != Assessment.FeedbackType)
                        return Error.InvalidParameter("Cannot update feedback value on an Expectation assessment");
                    row.Value = input.ValueJson;
                    row.Error = input.ErrorJson;
                    break;
                case "expectation":
                    if (row.AssessmentType != Assessment.ExpectationType)
                        return Error.InvalidParameter("Cannot update expectation value on a Feedback assessment");
                    row.Value = input.ValueJson;
                    row.SerializationFormat = input.SerializationFormat;
                    break;
                case "rationale":
                    row.Rationale = input.Rationale;
                    break;
                case "metadata":
                    var merged = TraceReader.ParseMap(row.Metadata);
                    foreach (var (key, value) in input.Metadata ?? new Dictionary<string, string>())
                        merged[key] = value;
                    row.Metadata = TraceReader.WriteMap(merged);
                    break;
                case "valid":
                    row.Valid = input.Valid ?? true;
                    break;
            }
        }
        row.LastUpdatedTimestamp = Math.Max(row.CreatedTimestamp, time.GetUtcNow().ToUnixTimeMilliseconds());
        await db.SaveChangesAsync(ct);
        return TraceReader.ToDto(row);
    }

    /// <summary>Idempotent on an existing trace; deleting an override makes the assessment it replaced valid again.</summary>
    public async Task<Result> DeleteAsync(string? traceId, string? assessmentId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var trace = await access.FindAsync(db, traceId, AccessLevel.Update, ct);
        if (!trace.IsSuccess)
            return trace.Error;
        var row = await db.Assessments.AsTracking().FirstOrDefaultAsync(a => a.TraceId == trace.Value.RequestId && a.AssessmentId == assessmentId, ct);
        if (row is null)
            return Result.Ok;
        if (row.Overrides is { } replaced)
            await db.Assessments.Where(a => a.AssessmentId == replaced && a.TraceId == row.TraceId).ExecuteUpdateAsync(s => s.SetProperty(a => a.Valid, true), ct);
        db.Assessments.Remove(row);
        await db.SaveChangesAsync(ct);
        return Result.Ok;
    }

    /// <summary>Validates and adds a new assessment to <paramref name="db"/> (not saved); marks the overridden one invalid.</summary>
    internal async Task<Result<Assessment>> InsertAsync(TrackingDbContext db, string traceId, AssessmentInput input, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(input.Name))
            return Error.MissingParameter("assessment_name");
        if (input.Name.Length > StoredText.EntityKey)
            return Error.InvalidParameter(TrackingValidation.ExceedsMaximumLength("assessment_name", StoredText.EntityKey));
        if (input.Type is null)
            return Error.InvalidParameter("Assessment must have either 'feedback' or 'expectation' set.");
        if (input.Overrides is { Length: > 0 } overrides)
        {
            var replaced = await db.Assessments.AsTracking().FirstOrDefaultAsync(a => a.AssessmentId == overrides && a.TraceId == traceId, ct);
            if (replaced is null)
                return Error.NotFound($"Assessment with ID '{overrides}' not found");
            replaced.Valid = false;
        }
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var row = new Assessment
        {
            AssessmentId = "a-" + Guid.NewGuid().ToString("N"),
            TraceId = traceId,
            Name = input.Name,
            AssessmentType = input.Type,
            Value = input.ValueJson,
            Error = input.ErrorJson,
            SerializationFormat = input.SerializationFormat,
            CreatedTimestamp = now,
            LastUpdatedTimestamp = now,
            SourceType = string.IsNullOrEmpty(input.SourceType) ? "SOURCE_TYPE_UNSPECIFIED" : Cut(input.SourceType, 50),
            SourceId = input.SourceId is null ? null : Cut(input.SourceId, StoredText.EntityKey),
            RunId = input.RunId is null ? null : Cut(input.RunId, StoredText.RunId),
            SpanId = input.SpanId is null ? null : Cut(input.SpanId, 50),
            Rationale = input.Rationale,
            Overrides = string.IsNullOrEmpty(input.Overrides) ? null : input.Overrides,
            Valid = input.Valid ?? true,
            Metadata = input.Metadata is null ? null : TraceReader.WriteMap(input.Metadata),
        };
        db.Assessments.Add(row);
        return row;
    }

    private static string Cut(string value, int max) => value.Length <= max ? value : value[..max];

    /// <summary><c>assessmentName</c> → <c>assessment_name</c>.</summary>
    internal static string SnakeCase(string path)
    {
        var sb = new StringBuilder(path.Length + 4);
        foreach (var c in path)
        {
            if (char.IsUpper(c))
                sb.Append('_').Append(char.ToLowerInvariant(c));
            else
                sb.Append(c);
        }
        return sb.ToString();
    }
}
