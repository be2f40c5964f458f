using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Workspaces.Data.Errors;
using Workspaces.Data.Store;
using Workspaces.Data.Tenancy;

namespace Workspaces.Data.Workspaces;

/// <summary>
/// Chooses the workspace provider from <c>Server:WorkspaceStoreUri</c> (<c>--workspace-store-uri</c>,
/// <c>MLFLOW_WORKSPACE_STORE_URI</c>), as MLflow chooses a store by URI scheme: unset or the backend store's URI → the SQL
/// catalog; <c>file:</c> → a workspaces file.
/// </summary>
public static class WorkspaceStores
{
    /// <summary>The workspaces file's path, null for the SQL catalog, or why the URI cannot be used.</summary>
    public static Result<string?> FilePath(ServerSettings settings)
    {
        var uri = settings.WorkspaceStoreUri?.Trim();
        if (string.IsNullOrEmpty(uri) || uri == settings.BackendStoreUri)
            return Result<string?>.Success(null);
        if (uri.StartsWith("file://", StringComparison.OrdinalIgnoreCase))
            return Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.IsFile ? parsed.LocalPath : Error.InvalidParameter($"Invalid workspace store URI '{uri}'.");
        if (uri.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
            return uri["file:".Length..];
        return Error.InvalidParameter($"Unsupported workspace store URI '{uri}': use a file:// workspaces file, or leave it unset to keep the "
            + "workspaces in the backend store (a separate SQL workspace store is not supported).");
    }

    /// <summary>Registers the SQL and file providers and picks one per the settings; <see cref="AddWorkspaceProvider{T}"/> replaces the pick.</summary>
    internal static IServiceCollection AddWorkspaceProviders(this IServiceCollection services)
    {
        services.AddScoped<SqlWorkspaceProvider>();
        services.AddScoped<FileWorkspaceProvider>();
        services.TryAddSingleton(sp =>
        {
            var settings = sp.GetRequiredService<ServerSettings>();
            var path = FilePath(settings);
            var catalog = new FileWorkspaceCatalog(path.IsSuccess && path.Value is { } p ? p : "workspaces.yaml", sp.GetRequiredService<StoreConnection>(),
                sp.GetService<ILoggerFactory>()?.CreateLogger<FileWorkspaceCatalog>() ?? NullLogger<FileWorkspaceCatalog>.Instance,
                serverHasRoot: settings.ServerArtifactRoot is not null);
            var cache = sp.GetRequiredService<WorkspaceCatalogCache>();
            catalog.Reloaded += cache.Clear;
            return catalog;
        });
        services.TryAddScoped<IWorkspaceProvider>(sp => FilePath(sp.GetRequiredService<ServerSettings>()) is { IsSuccess: true, Value: not null }
            ? sp.GetRequiredService<FileWorkspaceProvider>()
            : sp.GetRequiredService<SqlWorkspaceProvider>());
        return services;
    }

    /// <summary>
    /// Puts another workspace provider in charge (a plugin: Kubernetes namespaces, an HTTP directory…). Call after
    /// <c>AddWorkspacesData()</c>; the provider is resolved per request and may take any registered service.
    /// </summary>
    public static IServiceCollection AddWorkspaceProvider<TProvider>(this IServiceCollection services)
        where TProvider : class, IWorkspaceProvider
    {
        services.TryAddScoped<TProvider>();
        services.Replace(ServiceDescriptor.Scoped<IWorkspaceProvider>(sp => sp.GetRequiredService<TProvider>()));
        return services;
    }
}
