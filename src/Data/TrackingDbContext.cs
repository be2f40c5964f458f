using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Entities;
using Workspaces.Data.Tenancy;

namespace Workspaces.Data;

/// <summary>
/// The tracking database. One sealed subclass per provider carries that provider's migrations
/// (EF's documented multi-provider pattern); all model configuration lives here.
/// </summary>
public abstract class TrackingDbContext : DbContext
{
    private readonly WorkspaceContext _workspace;

    protected TrackingDbContext(DbContextOptions options, WorkspaceContext workspace)
        : base(options)
    {
        _workspace = workspace;
    }

    /// <summary>The workspace the "Workspace" query filters compare with; EF evaluates it per query.</summary>
    public string CurrentWorkspace => _workspace.FilterValue;

    public DbSet<WorkspaceEntity> Workspaces => Set<WorkspaceEntity>();

    public DbSet<Experiment> Experiments => Set<Experiment>();

    public DbSet<ExperimentTag> ExperimentTags => Set<ExperimentTag>();

    public DbSet<Run> Runs => Set<Run>();

    public DbSet<Metric> Metrics => Set<Metric>();

    public DbSet<LatestMetric> LatestMetrics => Set<LatestMetric>();

    public DbSet<Param> Params => Set<Param>();

    public DbSet<RunTag> RunTags => Set<RunTag>();

    public DbSet<Dataset> Datasets => Set<Dataset>();

    public DbSet<RunDatasetInput> RunDatasetInputs => Set<RunDatasetInput>();

    public DbSet<InputTag> InputTags => Set<InputTag>();

    public DbSet<RunModelLink> RunModelLinks => Set<RunModelLink>();

    public DbSet<LoggedModel> LoggedModels => Set<LoggedModel>();

    public DbSet<LoggedModelTag> LoggedModelTags => Set<LoggedModelTag>();

    public DbSet<LoggedModelParam> LoggedModelParams => Set<LoggedModelParam>();

    public DbSet<RegisteredModel> RegisteredModels => Set<RegisteredModel>();

    public DbSet<ModelVersion> ModelVersions => Set<ModelVersion>();

    public DbSet<RegisteredModelTag> RegisteredModelTags => Set<RegisteredModelTag>();

    public DbSet<ModelVersionTag> ModelVersionTags => Set<ModelVersionTag>();

    public DbSet<RegisteredModelAlias> RegisteredModelAliases => Set<RegisteredModelAlias>();

    public DbSet<TraceInfo> TraceInfos => Set<TraceInfo>();

    public DbSet<TraceTag> TraceTags => Set<TraceTag>();

    public DbSet<TraceMetadata> TraceMetadata => Set<TraceMetadata>();

    public DbSet<TraceMetric> TraceMetrics => Set<TraceMetric>();

    public DbSet<TraceRunLink> TraceRunLinks => Set<TraceRunLink>();

    public DbSet<TraceSpan> Spans => Set<TraceSpan>();

    public DbSet<Assessment> Assessments => Set<Assessment>();

    public DbSet<User> Users => Set<User>();

    public DbSet<AccessToken> AccessTokens => Set<AccessToken>();

    public DbSet<UserSession> UserSessions => Set<UserSession>();

    public DbSet<LoginAttempt> LoginAttempts => Set<LoginAttempt>();

    public DbSet<WorkspacePermission> WorkspacePermissions => Set<WorkspacePermission>();

    public DbSet<ExperimentPermission> ExperimentPermissions => Set<ExperimentPermission>();

    public DbSet<RegisteredModelPermission> RegisteredModelPermissions => Set<RegisteredModelPermission>();

    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();

    public DbSet<ArtifactTombstone> ArtifactTombstones => Set<ArtifactTombstone>();

    public DbSet<DataProtectionKeyRow> DataProtectionKeys => Set<DataProtectionKeyRow>();

    public DbSet<GatewaySecret> GatewaySecrets => Set<GatewaySecret>();

    public DbSet<GatewayModelDefinition> GatewayModelDefinitions => Set<GatewayModelDefinition>();

    public DbSet<GatewayEndpoint> GatewayEndpoints => Set<GatewayEndpoint>();

    public DbSet<GatewayEndpointModelMapping> GatewayEndpointModelMappings => Set<GatewayEndpointModelMapping>();

    public DbSet<GatewayEndpointTag> GatewayEndpointTags => Set<GatewayEndpointTag>();

    public DbSet<GatewayEndpointBinding> GatewayEndpointBindings => Set<GatewayEndpointBinding>();

    public DbSet<GatewayUsage> GatewayUsage => Set<GatewayUsage>();

    public DbSet<GatewaySecretPermission> GatewaySecretPermissions => Set<GatewaySecretPermission>();

    public DbSet<GatewayModelDefinitionPermission> GatewayModelDefinitionPermissions => Set<GatewayModelDefinitionPermission>();

    public DbSet<GatewayEndpointPermission> GatewayEndpointPermissions => Set<GatewayEndpointPermission>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(TrackingDbContext).Assembly);
        // Last, so it sees every entity type the configurations added.
        WorkspaceIsolation.Apply(modelBuilder, this);
    }
}
