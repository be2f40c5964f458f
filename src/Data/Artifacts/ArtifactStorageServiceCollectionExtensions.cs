using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Workspaces.Data.Artifacts;

public static class ArtifactStorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IArtifactStoreFactory"/> as a singleton (it shares one S3 client per endpoint). The caller
    /// registers <see cref="ServerSettings"/>; a test host may register its own factory first (TryAdd keeps it).
    /// </summary>
    public static IServiceCollection AddArtifactStorage(this IServiceCollection services)
    {
        services.TryAddSingleton<IArtifactStoreFactory>(sp => new ArtifactStoreFactory(sp.GetRequiredService<ServerSettings>()));
        return services;
    }
}
