using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Workspaces.Api.Json;
using Workspaces.Data.Tracking;

namespace Workspaces.Api.Endpoints;

/// <summary>
/// Writes <c>{"metrics":[…],"next_page_token":"…"}</c> while the points are read from the database,
/// flushing every few kilobytes: a long history is neither buffered in the server nor delayed.
/// </summary>
internal sealed class MetricHistoryResult(MetricHistoryStream stream) : IResult
{
    private const int FlushThreshold = 64 * 1024;

    public async Task ExecuteAsync(HttpContext http)
    {
        await using var _ = stream;
        var ct = http.RequestAborted;
        http.Response.ContentType = "application/json; charset=utf-8";
        await using var writer = new Utf8JsonWriter(http.Response.BodyWriter, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        writer.WriteStartObject();
        var any = false;
        await foreach (var point in stream.ReadAsync(ct))
        {
            if (!any)
            {
                writer.WriteStartArray("metrics");
                any = true;
            }
            WritePoint(writer, point);
            if (writer.BytesPending > FlushThreshold)
                await writer.FlushAsync(ct);
        }
        if (any)
            writer.WriteEndArray();
        if (stream.NextPageToken is { } token)
            writer.WriteString("next_page_token", token);
        writer.WriteEndObject();
        await writer.FlushAsync(ct);
    }

    private static void WritePoint(Utf8JsonWriter writer, MetricDto point)
    {
        writer.WriteStartObject();
        writer.WriteString("key", point.Key);
        writer.WritePropertyName("value");
        MlflowDoubleConverter.WriteValue(writer, point.Value);
        writer.WriteNumber("timestamp", point.Timestamp);
        writer.WriteNumber("step", point.Step);
        if (point.DatasetName is not null)
            writer.WriteString("dataset_name", point.DatasetName);
        if (point.DatasetDigest is not null)
            writer.WriteString("dataset_digest", point.DatasetDigest);
        if (point.ModelId is not null)
            writer.WriteString("model_id", point.ModelId);
        writer.WriteEndObject();
    }
}
