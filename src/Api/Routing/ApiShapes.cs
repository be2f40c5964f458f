using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Workspaces.Api.Errors;

namespace Workspaces.Api.Routing;

/// <summary>
/// The fields an RPC reads, for the OpenAPI document only: the handlers read their fields themselves
/// (<see cref="Requests.FieldReader"/>), so the generator cannot see them. Deliberately not the framework's
/// <c>Accepts</c> metadata: routing would then turn away requests with another content type, which MLflow's handlers
/// answer themselves (with their own 400s, or by parsing any body).
/// </summary>
/// <param name="Type">A record whose members are the fields, in MLflow's snake_case once documented.</param>
/// <param name="InQuery">Read from the query string (a GET, or a DELETE's options) rather than the body.</param>
/// <param name="ContentType">The body's content type.</param>
public sealed record RequestShape(Type Type, bool InQuery, string ContentType = "application/json");

/// <summary>
/// Declares an endpoint's MLflow request and response shapes for the OpenAPI document (<c>/openapi/v1.json</c>). Nothing
/// here changes how a request is routed or handled.
/// </summary>
public static class ApiShapeExtensions
{
    /// <summary>
    /// The request's fields and the success answer: a GET's fields come from the query string, every other method's from
    /// the JSON body (as <see cref="Requests.RequestFields"/> reads them).
    /// </summary>
    public static RouteHandlerBuilder Shape<TRequest, TResponse>(this RouteHandlerBuilder builder, int status = StatusCodes.Status200OK) =>
        builder.Shape(typeof(TRequest), typeof(TResponse), status);

    /// <summary>An endpoint that reads no fields (beyond its route), answering <typeparamref name="TResponse"/>.</summary>
    public static RouteHandlerBuilder Shape<TResponse>(this RouteHandlerBuilder builder, int status = StatusCodes.Status200OK) =>
        builder.Produces<TResponse>(status);

    public static RouteHandlerBuilder Shape(this RouteHandlerBuilder builder, Type request, Type response, int status = StatusCodes.Status200OK)
    {
        // Conventions run after MapGet/MapPost recorded the method, so the method decides where the fields are read from.
        builder.Add(endpoint =>
        {
            var reads = endpoint.Metadata.OfType<IHttpMethodMetadata>().LastOrDefault()?.HttpMethods.Contains(HttpMethods.Get) ?? false;
            endpoint.Metadata.Add(new RequestShape(request, InQuery: reads));
        });
        return builder.Produces(status, response);
    }

    /// <summary>Fields read from the query string whatever the method (e.g. a DELETE's options).</summary>
    public static RouteHandlerBuilder Query<TRequest>(this RouteHandlerBuilder builder) => builder.WithMetadata(new RequestShape(typeof(TRequest), InQuery: true));

    /// <summary>A file sent as the body, stored as it comes (artifact uploads).</summary>
    public static RouteHandlerBuilder AcceptsFile(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(new RequestShape(typeof(Stream), InQuery: false, "application/octet-stream"));

    /// <summary>A file streamed back as it is stored (artifact downloads).</summary>
    public static RouteHandlerBuilder ProducesFile(this RouteHandlerBuilder builder) =>
        builder.Produces<Stream>(StatusCodes.Status200OK, "application/octet-stream");

    /// <summary>An answer that is always MLflow's error envelope with this status (e.g. a 501 for unsupported multipart uploads).</summary>
    public static RouteHandlerBuilder ProducesError(this RouteHandlerBuilder builder, int status) => builder.Produces<ErrorEnvelope>(status);
}
