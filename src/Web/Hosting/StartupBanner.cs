using Workspaces.Data;
using Workspaces.Data.Auth;
using Workspaces.Data.Store;

namespace Workspaces.Web.Hosting;

/// <summary>
/// One block on stdout once the server listens: where it is, what it stores where, and how it is protected, so an
/// operator sees at a glance what a start-up picked up from flags, environment and appsettings. Nothing secret: the
/// store URI is the redacted one, and the admin's password is never shown.
/// </summary>
public static class StartupBanner
{
    public static string Text(ServerSettings settings, StoreLocation store, AuthSettings auth, int workspaceCount, string url)
    {
        var artifacts = settings.ServeArtifacts ? $"proxied to {settings.ArtifactsDestination}" : "not served (clients write to the roots directly)";
        var workspaces = !settings.EnableWorkspaces
            ? "off"
            : $"on, {workspaceCount} in the catalog ({(settings.WorkspaceStoreUri is { Length: > 0 } file ? $"file provider {file}" : "SQL provider")}; "
              + $"{(string.IsNullOrEmpty(settings.DefaultWorkspace) ? "no default workspace" : $"default '{settings.DefaultWorkspace}'")})";
        var security = auth.Enabled ? $"on (admin account '{auth.AdminUsername}')" : "off (everyone can do everything)";
        return string.Join(Environment.NewLine,
            "Workspaces — MLflow-compatible tracking server",
            $"  listening on   {url}",
            $"  backend store  {store.Display}",
            $"  artifacts      {artifacts}; new experiments under {settings.ServerArtifactRoot ?? "(no default root)"}",
            $"  workspaces     {workspaces}",
            $"  auth           {security}");
    }
}
