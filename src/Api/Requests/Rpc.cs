using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Workspaces.Api.Errors;
using Workspaces.Api.Json;
using Workspaces.Data.Errors;

namespace Workspaces.Api.Requests;

/// <summary>
/// Raised only by <see cref="Rpc.Must{T}"/> while a handler pulls its fields, and turned back into the
/// error envelope by Rpc.HandleAsync: it keeps field extraction linear without leaking.
/// </summary>
public sealed class RequestFieldException(Error error) : Exception(error.Message)
{
    public Error Error { get; } = error;
}

/// <summary>Plumbing shared by the RPC endpoints: read the fields, call the service, write proto JSON.</summary>
public static class Rpc
{
    public static async Task<IResult> HandleAsync(HttpRequest request, Func<FieldReader, CancellationToken, Task<IResult>> handler)
    {
        var ct = request.HttpContext.RequestAborted;
        return await HandleAsync(await RequestFields.ReadAsync(request, ct), handler, ct);
    }

    /// <summary>The same, for fields an endpoint read its own way (e.g. a body without the content type check).</summary>
    public static async Task<IResult> HandleAsync(Result<FieldReader> fields, Func<FieldReader, CancellationToken, Task<IResult>> handler, CancellationToken ct)
    {
        if (!fields.IsSuccess)
            return MlflowResults.Error(fields.Error);
        try
        {
            return await handler(fields.Value, ct);
        }
        catch (RequestFieldException ex)
        {
            return MlflowResults.Error(ex.Error);
        }
    }

    /// <summary>The value, or a 400 for the whole request naming the bad field.</summary>
    public static T Must<T>(this Result<T> result) => result.IsSuccess ? result.Value : throw new RequestFieldException(result.Error);

    /// <summary>run_id, falling back to the deprecated run_uuid as MLflow does.</summary>
    public static string RunId(this FieldReader fields)
    {
        var runId = fields.OptString("run_id").Must();
        if (string.IsNullOrEmpty(runId))
            runId = fields.OptString("run_uuid").Must();
        return string.IsNullOrEmpty(runId) ? throw new RequestFieldException(Error.MissingParameter("run_id")) : runId;
    }

    public static List<Data.Common.KeyValue> KeyValues(this FieldReader fields, string name, bool keyRequired = true) =>
        fields.Objects(name).Must().Select(o => new Data.Common.KeyValue(
            keyRequired ? o.RequiredString("key").Must() : o.OptString("key").Must()!, o.OptString("value").Must())).ToList();

    public static IResult Empty() => Results.Json(new EmptyResponse(), ApiJsonContext.Wire.EmptyResponse);

    public static IResult Json<T>(T value, JsonTypeInfo<T> info) => Results.Json(value, info);

    public static IResult From(Result result) => result.IsSuccess ? Empty() : MlflowResults.Error(result.Error);

    public static IResult From<T>(Result<T> result, Func<T, IResult> ok) => result.IsSuccess ? ok(result.Value) : MlflowResults.Error(result.Error);
}
