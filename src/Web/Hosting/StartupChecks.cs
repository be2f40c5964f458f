using Workspaces.Data;
using Workspaces.Data.Artifacts;
using Workspaces.Data.Auth;
using Workspaces.Data.Errors;
using Workspaces.Data.Gateway;
using Workspaces.Data.Store;

namespace Workspaces.Web.Hosting;

/// <summary>
/// The configuration checks that run before the server binds a port (SPEC §4). Each failure is one
/// line for the operator; the process then exits with a non-zero code.
/// </summary>
public static class StartupChecks
{
    /// <summary>Binds <see cref="ServerSettings"/>, reporting a malformed value instead of throwing.</summary>
    public static Result<ServerSettings> ReadSettings(IConfiguration configuration)
    {
        try
        {
            return configuration.GetSection("Server").Get<ServerSettings>() ?? new ServerSettings();
        }
        catch (InvalidOperationException ex)
        {
            return Error.InvalidParameter(ex.InnerException is null ? ex.Message : $"{ex.Message} {ex.InnerException.Message}");
        }
    }

    /// <summary>Checks that need no database: store URI, artifact roots, listen address, auth availability.</summary>
    public static Result<StoreLocation> Validate(ServerSettings settings, IConfiguration configuration)
    {
        var location = StoreUri.Parse(settings.BackendStoreUri, settings.EnableWorkspaces);
        if (!location.IsSuccess)
            return location;
        if (settings.EnableWorkspaces)
        {
            if (settings.ServerArtifactRoot is { } root && ArtifactRootValidator.ValidateWorkspaceModeRoot(root, "default artifact root") is { } bad)
                return bad;
            if (settings.ServeArtifacts
                && ArtifactRootValidator.ValidateWorkspaceModeRoot(settings.ArtifactsDestination, "artifacts destination") is { } badDestination)
                return badDestination;
        }
        if (settings.Port is < 1 or > 65535)
            return Error.InvalidParameter($"Invalid port {settings.Port}: expected a number from 1 to 65535.");
        if (string.IsNullOrWhiteSpace(settings.Host))
            return Error.InvalidParameter("The host to listen on is empty.");
        if (settings.MaxRequestBodyBytes < 1024)
            return Error.InvalidParameter($"Server:MaxRequestBodyBytes must be at least 1024, got {settings.MaxRequestBodyBytes}.");
        if (!(settings.SearchTimeoutSeconds > 0) || settings.SearchTimeoutSeconds > 3600)
            return Error.InvalidParameter($"Server:SearchTimeoutSeconds must be more than 0 and at most 3600, got {settings.SearchTimeoutSeconds}.");
        if (!(settings.ShutdownTimeoutSeconds >= 0) || settings.ShutdownTimeoutSeconds > 3600)
            return Error.InvalidParameter($"Server:ShutdownTimeoutSeconds must be from 0 to 3600, got {settings.ShutdownTimeoutSeconds}.");
        foreach (var key in ServerTracing.ParsedEndpoints)
        {
            if (configuration[key] is { Length: > 0 } traces && !(Uri.TryCreate(traces, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
                return Error.InvalidParameter($"{key} must be an http:// or https:// URL, got '{traces}'.");
        }
        if (settings.ForwardedHeaders && Auth.ProxySetup.Options(settings).Error is { } badProxies)
            return badProxies;
        var auth = ReadAuth(configuration);
        if (!auth.IsSuccess)
            return auth.Error;
        if (auth.Value.Enabled && auth.Value.AdminPassword == AuthSettings.ShippedAdminPassword && !auth.Value.AllowDefaultPassword && !IsLoopback(settings.Host))
        {
            return Error.InvalidParameter($"Auth is on with the shipped admin password on {settings.Host}: set Auth:AdminPassword "
                + "(or Auth:AllowDefaultPassword=true) before listening beyond the loopback address.");
        }
        return location;
    }

    /// <summary>
    /// After the database is ready: beyond the loopback address no admin account may still have the shipped password.
    /// The configured password is checked before (it seeds a missing admin); this catches the account that was
    /// created with the default once and kept it after the configuration changed.
    /// </summary>
    public static async Task<Result> CheckAdminPasswordsAsync(ServerSettings settings, AuthSettings auth, UserService users, CancellationToken ct)
    {
        if (!auth.Enabled || auth.AllowDefaultPassword || IsLoopback(settings.Host))
            return Result.Ok;
        var admins = await users.AdminsWithPasswordAsync(AuthSettings.ShippedAdminPassword, ct);
        if (admins.Count == 0)
            return Result.Ok;
        return Error.InvalidParameter($"Admin account '{admins[0]}' still has the shipped password and the server listens on {settings.Host}: "
            + $"change it with `users set-password {admins[0]}` (or set Auth:AllowDefaultPassword=true).");
    }

    public static Result<AuthSettings> ReadAuth(IConfiguration configuration)
    {
        try
        {
            return configuration.GetSection("Auth").Get<AuthSettings>() ?? new AuthSettings();
        }
        catch (InvalidOperationException ex)
        {
            return Error.InvalidParameter(ex.InnerException is null ? ex.Message : $"{ex.Message} {ex.InnerException.Message}");
        }
    }

    /// <summary>The gateway's settings; <c>PublicBind</c> follows the listen address (secrets need a real passphrase beyond loopback).</summary>
    public static Result<GatewaySettings> ReadGateway(IConfiguration configuration, ServerSettings settings)
    {
        try
        {
            var gateway = configuration.GetSection("Gateway").Get<GatewaySettings>() ?? new GatewaySettings();
            if (string.IsNullOrEmpty(gateway.KekPassphrase))
                gateway.KekPassphrase = GatewaySettings.DefaultPassphrase;
            if (gateway.KekVersion < 1 || gateway.RouteTimeoutSeconds <= 0)
                return Error.InvalidParameter("MLFLOW_CRYPTO_KEK_VERSION must be at least 1 and MLFLOW_GATEWAY_ROUTE_TIMEOUT_SECONDS above 0.");
            gateway.PublicBind = !IsLoopback(settings.Host);
            return gateway;
        }
        catch (InvalidOperationException ex)
        {
            return Error.InvalidParameter(ex.InnerException is null ? ex.Message : $"{ex.Message} {ex.InnerException.Message}");
        }
    }

    private static bool IsLoopback(string host) =>
        host is "localhost" || (System.Net.IPAddress.TryParse(host.Trim('[', ']'), out var ip) && System.Net.IPAddress.IsLoopback(ip));

    /// <summary>The URL Kestrel listens on; IPv6 literals need brackets.</summary>
    public static string ListenUrl(ServerSettings settings)
    {
        var host = settings.Host.Trim();
        if (host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('['))
            host = $"[{host}]";
        return $"http://{host}:{settings.Port}";
    }
}
