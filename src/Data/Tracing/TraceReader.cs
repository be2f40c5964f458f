using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Entities;

namespace Workspaces.Data.Tracing;

/// <summary>Loads trace infos with their tags, metadata and assessments, a fixed number of queries for any batch.</summary>
internal static class TraceReader
{
    public static async Task<List<TraceInfoDto>> LoadAsync(TrackingDbContext db, IReadOnlyList<string> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
            return [];
        var infos = await db.TraceInfos.AsNoTracking().Where(t => ids.Contains(t.RequestId)).ToListAsync(ct);
        var tags = (await db.TraceTags.AsNoTracking().Where(t => ids.Contains(t.RequestId)).ToListAsync(ct)).ToLookup(t => t.RequestId);
        var metadata = (await db.TraceMetadata.AsNoTracking().Where(t => ids.Contains(t.RequestId)).ToListAsync(ct)).ToLookup(t => t.RequestId);
        var assessments = (await db.Assessments.AsNoTracking().Where(a => ids.Contains(a.TraceId)).OrderBy(a => a.CreatedTimestamp)
            .ThenBy(a => a.AssessmentId).ToListAsync(ct)).ToLookup(a => a.TraceId);
        var byId = infos.ToDictionary(i => i.RequestId, StringComparer.Ordinal);
        var result = new List<TraceInfoDto>(ids.Count);
        foreach (var id in ids)
        {
            if (!byId.TryGetValue(id, out var t))
                continue;
            result.Add(new TraceInfoDto(t.RequestId, t.ExperimentId, t.ClientRequestId, t.RequestPreview, t.ResponsePreview, t.TimestampMs,
                t.ExecutionTimeMs, t.Status,
                metadata[id].ToDictionary(m => m.Key, m => m.Value ?? "", StringComparer.Ordinal),
                tags[id].ToDictionary(m => m.Key, m => m.Value ?? "", StringComparer.Ordinal),
                assessments[id].Select(ToDto).ToList()));
        }
        return result;
    }

    public static AssessmentDto ToDto(Assessment a) => new(a.AssessmentId, a.TraceId, a.Name, a.AssessmentType, a.Value, a.Error,
        a.SerializationFormat, a.CreatedTimestamp, a.LastUpdatedTimestamp, a.SourceType, a.SourceId, a.RunId, a.SpanId, a.Rationale,
        a.Overrides, a.Valid, ParseMap(a.Metadata));

    public static Dictionary<string, string> ParseMap(string? json)
    {
        if (string.IsNullOrEmpty(json))
            return new(StringComparer.Ordinal);
        return JsonSerializer.Deserialize(json, TracingJsonContext.Default.DictionaryStringString) ?? new(StringComparer.Ordinal);
    }

    public static string? WriteMap(IReadOnlyDictionary<string, string> map) =>
        map.Count == 0 ? null : JsonSerializer.Serialize(map.ToDictionary(), TracingJsonContext.Default.DictionaryStringString);
}
