using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Workspaces.Data.ArtifactAccess;
using Workspaces.Data.Artifacts;
using Workspaces.Data.Auth;
using Workspaces.Data.Gateway;
using Workspaces.Data.Gateway.Crypto;
using Workspaces.Data.Gateway.Providers;
using Workspaces.Data.Registry;
using Workspaces.Data.Schema;
using Workspaces.Data.Store;
using Workspaces.Data.Tenancy;
using Workspaces.Data.Tracking;
using Workspaces.Data.Workspaces;

namespace Workspaces.Data;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Registers the data layer. The caller registers <see cref="ServerSettings"/> and
    /// <see cref="StoreConnection"/> (the host parses the store URI during its start-up checks).
    /// </summary>
    public static IServiceCollection AddWorkspacesData(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(new AuthSettings());
        services.AddScoped<AccessContext>();
        services.AddScoped<AccessService>();
        services.AddScoped<Authorizer>();
        services.AddSingleton<GrantCache>();
        services.AddScoped<AuditService>();
        services.AddScoped<UserService>();
        services.AddScoped<TokenService>();
        services.AddScoped<GrantService>();
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<SessionService>();
        services.AddSingleton<DataProtectionKeyStore>();
        services.AddSingleton<TokenUseStamps>();
        services.AddScoped<WorkspaceContext>();
        services.AddScoped<IDbContextFactory<TrackingDbContext>, TrackingDbContextFactory>();
        services.AddSingleton<WorkspaceCatalogCache>();
        services.AddSingleton<DatabaseInitializer>();
        services.AddScoped<ReadinessCheck>();
        services.AddScoped<WorkspaceResolver>();
        services.AddWorkspaceProviders();
        services.AddScoped<WorkspaceAnchors>();
        services.AddScoped<WorkspaceDeleter>();
        services.AddScoped<WorkspaceService>();
        services.AddScoped<WorkspaceStatsService>();
        services.AddScoped<AccessExplainer>();
        services.AddScoped<WorkspaceAccessReader>();
        services.AddSingleton<RunStateCache>();
        services.AddSingleton<IngestionGate>();
        services.AddScoped<RunLookup>();
        services.AddScoped<ArtifactService>();
        services.AddScoped<ArtifactWrites>();
        services.AddArtifactStorage();
        services.AddScoped<ExperimentService>();
        services.AddScoped<ExperimentSearchService>();
        services.AddScoped<RunService>();
        services.AddScoped<RunLoggingService>();
        services.AddScoped<RunInputsService>();
        services.AddScoped<RunSearchService>();
        services.AddScoped<RunColumnsService>();
        services.AddScoped<RunFamilyService>();
        services.AddScoped<MetricHistoryService>();
        services.AddScoped<LoggedModelService>();
        services.AddScoped<LoggedModelSearchService>();
        services.AddScoped<RegisteredModelService>();
        services.AddScoped<ModelVersionService>();
        services.AddScoped<RegistrySearchService>();
        services.AddScoped<RegistryBrowseService>();
        services.AddScoped<Tracing.TraceAccess>();
        services.AddScoped<Tracing.SpanIngestService>();
        services.AddScoped<Tracing.TraceService>();
        services.AddScoped<Tracing.TraceLinkService>();
        services.AddScoped<Tracing.AssessmentService>();
        services.AddScoped<Tracing.TraceSearchService>();
        // The AI Gateway: the host replaces the settings with the configured ones.
        services.TryAddSingleton(new GatewaySettings());
        services.AddSingleton<SecretCrypto>();
        services.AddScoped<GatewaySecretService>();
        services.AddScoped<GatewayModelDefinitionService>();
        services.AddScoped<GatewayEndpointService>();
        services.AddScoped<GatewayEndpointParts>();
        services.AddScoped<GatewayGrantService>();
        services.AddScoped<GatewayKeyRotation>();
        services.AddScoped<GatewayInvoker>();
        services.AddScoped<GatewayTraceWriter>();
        services.AddScoped<GatewayUsageService>();
        // One pooled client for every provider call of the process.
        services.TryAddSingleton(sp => new ProviderClient(ProviderClient.CreateHttpClient(), sp.GetRequiredService<GatewaySettings>()));
        return services;
    }
}
