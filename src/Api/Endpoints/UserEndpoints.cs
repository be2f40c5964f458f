using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Workspaces.Api.Auth;
using Workspaces.Api.Errors;
using Workspaces.Api.Json;
using Workspaces.Api.Requests;
using Workspaces.Api.Routing;
using Workspaces.Data.Auth;
using Workspaces.Data.Errors;

namespace Workspaces.Api.Endpoints;

/// <summary>MLflow's user endpoints and this server's personal access tokens, present only with auth on.</summary>
public static class UserEndpoints
{
    public static void MapUserEndpoints(this IEndpointRouteBuilder app)
    {
        foreach (var prefix in app.MlflowGroups(2))
        {
            var g = prefix.MapGroup("/mlflow/users").WithTags("Users").Unscoped().AddEndpointFilter(RequireAuthEnabled);
            g.MapPost("/create", (HttpRequest r, UserService s) =>
                IsJson(r) ? Rpc.HandleAsync(r, async (f, ct) => RespondUser(await s.CreateAsync(f.OptString("username").Must(), f.OptString("password").Must(), ct)))
                    : Task.FromResult(MlflowResults.Error(Error.InvalidParameter("Invalid content type. Must be application/json"))))
                        .Shape<CreateUserRequestJson, UserResponse>().Rule(AuthRule.Admin);
            g.MapGet("/get", (HttpRequest r, UserService s) => Rpc.HandleAsync(r, async (f, ct) =>
                RespondUser(await s.GetAsync(f.RequiredString("username").Must(), ct)))).Shape<UsernameRequestJson, UserResponse>().Rule(AuthRule.Authenticated);
            g.MapGet("/list", async (UserService s, CancellationToken ct) => Rpc.Json(
                new UsersResponse([.. (await s.ListAsync(ct)).Select(u => new UserListItemJson(u.Id, u.Username, u.IsAdmin))]), ApiJsonContext.Wire.UsersResponse))
                .Shape<UsersResponse>().Rule(AuthRule.Admin);
            g.MapPatch("/update-password", (HttpRequest r, UserService s) => Rpc.HandleAsync(r, async (f, ct) =>
                Rpc.From(await s.UpdatePasswordAsync(f.RequiredString("username").Must(), f.OptString("password").Must(), ct))))
                    .Shape<UpdatePasswordRequestJson, EmptyResponse>().Rule(AuthRule.Authenticated);
            g.MapPatch("/update-admin", (HttpRequest r, UserService s) => Rpc.HandleAsync(r, async (f, ct) =>
                Rpc.From(await s.UpdateAdminAsync(f.RequiredString("username").Must(),
                    f.OptBool("is_admin").Must() ?? throw new RequestFieldException(Error.MissingParameter("is_admin")), ct))))
                        .Shape<UpdateAdminRequestJson, EmptyResponse>().Rule(AuthRule.Admin);
            g.MapDelete("/delete", (HttpRequest r, UserService s) => Rpc.HandleAsync(r, async (f, ct) =>
                Rpc.From(await s.DeleteAsync(f.RequiredString("username").Must(), ct)))).Shape<UsernameRequestJson, EmptyResponse>().Rule(AuthRule.Admin);

            g.MapPost("/tokens/create", (HttpRequest r, TokenService s, AccessContext access) => Rpc.HandleAsync(r, async (f, ct) =>
            {
                var days = f.OptLong("expires_in_days").Must();
                var created = await s.CreateAsync(Caller(access), f.OptString("name").Must(), days is null ? null : (int)Math.Clamp(days.Value, int.MinValue, int.MaxValue), ct);
                return Rpc.From(created, t => Rpc.Json(new CreateTokenResponse(t.Token, TokenJson.From(t.Info)), ApiJsonContext.Wire.CreateTokenResponse));
            })).Shape<CreateTokenRequestJson, CreateTokenResponse>().Rule(AuthRule.Authenticated);
            g.MapGet("/tokens/list", async (TokenService s, AccessContext access, CancellationToken ct) =>
                Rpc.Json(new TokensResponse([.. (await s.ListAsync(Caller(access).UserId, ct)).Select(TokenJson.From)]), ApiJsonContext.Wire.TokensResponse))
                .Shape<TokensResponse>().Rule(AuthRule.Authenticated);
            g.MapPost("/tokens/revoke", (HttpRequest r, TokenService s, AccessContext access) => Rpc.HandleAsync(r, async (f, ct) =>
                Rpc.From(await s.RevokeAsync(Caller(access), f.RequiredLong("token_id").Must(), ct))))
                    .Shape<RevokeTokenRequestJson, EmptyResponse>().Rule(AuthRule.Authenticated);
        }
    }

    private static Principal Caller(AccessContext access) => new(access.UserId ?? 0, access.Username ?? "", access.IsAdmin);

    /// <summary>MLflow compares the content type exactly for user creation.</summary>
    private static bool IsJson(HttpRequest r) => r.ContentType?.Split(';')[0].Trim() == "application/json";

    private static IResult RespondUser(Result<UserInfo> result) =>
        Rpc.From(result, u => Rpc.Json(new UserResponse(UserJson.From(u)), ApiJsonContext.Wire.UserResponse));

    /// <summary>Without auth there are no accounts: the routes do not exist.</summary>
    internal static async ValueTask<object?> RequireAuthEnabled(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var settings = context.HttpContext.RequestServices.GetService(typeof(AuthSettings)) as AuthSettings;
        if (settings is not { Enabled: true })
        {
            return MlflowResults.Error(ErrorCode.EndpointNotFound,
                $"Endpoint: {context.HttpContext.Request.Path} is only available when the server runs with authentication (--app-name basic-auth).");
        }
        return await next(context);
    }
}
