using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Workspaces.Data.Entities;

namespace Workspaces.Data.Configurations;

// MLflow's table and constraint names, so its gateway data can be carried over; workspace columns, query filters and
// the catalog foreign key come from WorkspaceIsolation like every other workspace-owned table.

internal sealed class GatewaySecretConfiguration : IEntityTypeConfiguration<GatewaySecret>
{
    public void Configure(EntityTypeBuilder<GatewaySecret> builder)
    {
        builder.ToTable("secrets");
        builder.HasKey(s => s.SecretId);
        builder.Property(s => s.SecretId).HasMaxLength(StoredText.GatewayId);
        builder.Property(s => s.SecretName).HasMaxLength(StoredText.GatewayName);
        builder.Property(s => s.MaskedValue).HasMaxLength(StoredText.GatewayJson);
        builder.Property(s => s.Provider).HasMaxLength(StoredText.GatewayProvider);
        builder.Property(s => s.AuthConfig).HasMaxLength(StoredText.GatewayJson);
        builder.Property(s => s.CreatedBy).HasMaxLength(StoredText.GatewayActor);
        builder.Property(s => s.LastUpdatedBy).HasMaxLength(StoredText.GatewayActor);
        builder.HasIndex(s => new { s.Workspace, s.SecretName }).IsUnique().HasDatabaseName("uq_secrets_workspace_secret_name");
    }
}

internal sealed class GatewayModelDefinitionConfiguration : IEntityTypeConfiguration<GatewayModelDefinition>
{
    public void Configure(EntityTypeBuilder<GatewayModelDefinition> builder)
    {
        builder.ToTable("model_definitions");
        builder.HasKey(d => d.ModelDefinitionId);
        builder.Property(d => d.ModelDefinitionId).HasMaxLength(StoredText.GatewayId);
        builder.Property(d => d.Name).HasMaxLength(StoredText.GatewayName);
        builder.Property(d => d.Provider).HasMaxLength(StoredText.GatewayProvider);
        builder.Property(d => d.ModelName).HasMaxLength(StoredText.GatewayModelName);
        builder.Property(d => d.CreatedBy).HasMaxLength(StoredText.GatewayActor);
        builder.Property(d => d.LastUpdatedBy).HasMaxLength(StoredText.GatewayActor);
        builder.HasIndex(d => new { d.Workspace, d.Name }).IsUnique().HasDatabaseName("uq_model_definitions_workspace_name");
        // Deleting a key leaves its definitions orphaned rather than failing (MLflow's ON DELETE SET NULL).
        builder.HasOne(d => d.Secret).WithMany().HasForeignKey(d => d.SecretId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(d => d.SecretId).HasDatabaseName("idx_model_definitions_secret_id");
    }
}

internal sealed class GatewayEndpointConfiguration : IEntityTypeConfiguration<GatewayEndpoint>
{
    public void Configure(EntityTypeBuilder<GatewayEndpoint> builder)
    {
        builder.ToTable("endpoints");
        builder.HasKey(e => e.EndpointId);
        builder.Property(e => e.EndpointId).HasMaxLength(StoredText.GatewayId);
        builder.Property(e => e.Name).HasMaxLength(StoredText.GatewayName);
        builder.Property(e => e.CreatedBy).HasMaxLength(StoredText.GatewayActor);
        builder.Property(e => e.LastUpdatedBy).HasMaxLength(StoredText.GatewayActor);
        builder.Property(e => e.RoutingStrategy).HasMaxLength(64);
        builder.Property(e => e.FallbackConfigJson).HasMaxLength(500);
        builder.HasIndex(e => new { e.Workspace, e.Name }).IsUnique().HasDatabaseName("uq_endpoints_workspace_name");
        builder.HasMany(e => e.Mappings).WithOne(m => m.Endpoint).HasForeignKey(m => m.EndpointId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(e => e.Tags).WithOne(t => t.Endpoint).HasForeignKey(t => t.EndpointId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class GatewayEndpointModelMappingConfiguration : IEntityTypeConfiguration<GatewayEndpointModelMapping>
{
    public void Configure(EntityTypeBuilder<GatewayEndpointModelMapping> builder)
    {
        builder.ToTable("endpoint_model_mappings");
        builder.HasKey(m => m.MappingId);
        builder.Property(m => m.MappingId).HasMaxLength(StoredText.GatewayId);
        builder.Property(m => m.LinkageType).HasMaxLength(16);
        builder.Property(m => m.CreatedBy).HasMaxLength(StoredText.GatewayActor);
        builder.HasIndex(m => new { m.EndpointId, m.ModelDefinitionId }).IsUnique().HasDatabaseName("uq_endpoint_model_mappings_endpoint_model");
        // A definition in use cannot go (the service answers 409 before the database would refuse).
        builder.HasOne(m => m.ModelDefinition).WithMany().HasForeignKey(m => m.ModelDefinitionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(m => m.ModelDefinitionId).HasDatabaseName("idx_endpoint_model_mappings_model_definition_id");
    }
}

internal sealed class GatewayEndpointTagConfiguration : IEntityTypeConfiguration<GatewayEndpointTag>
{
    public void Configure(EntityTypeBuilder<GatewayEndpointTag> builder)
    {
        builder.ToTable("endpoint_tags");
        builder.HasKey(t => new { t.EndpointId, t.Key });
        builder.Property(t => t.Key).HasMaxLength(StoredText.EntityKey);
        builder.Property(t => t.Value).HasMaxLength(StoredText.ExperimentTagValue);
    }
}

internal sealed class GatewayEndpointBindingConfiguration : IEntityTypeConfiguration<GatewayEndpointBinding>
{
    public void Configure(EntityTypeBuilder<GatewayEndpointBinding> builder)
    {
        builder.ToTable("endpoint_bindings");
        builder.HasKey(b => new { b.EndpointId, b.ResourceType, b.ResourceId });
        builder.Property(b => b.ResourceType).HasMaxLength(64);
        builder.Property(b => b.ResourceId).HasMaxLength(StoredText.GatewayName);
        builder.Property(b => b.DisplayName).HasMaxLength(StoredText.GatewayName);
        builder.Property(b => b.CreatedBy).HasMaxLength(StoredText.GatewayActor);
        builder.Property(b => b.LastUpdatedBy).HasMaxLength(StoredText.GatewayActor);
        builder.HasOne(b => b.Endpoint).WithMany().HasForeignKey(b => b.EndpointId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class GatewayUsageConfiguration : IEntityTypeConfiguration<GatewayUsage>
{
    public void Configure(EntityTypeBuilder<GatewayUsage> builder)
    {
        builder.ToTable("gateway_usage");
        builder.HasKey(u => u.Id);
        builder.Property(u => u.Id).ValueGeneratedOnAdd();
        builder.Property(u => u.ModelDefinitionId).HasMaxLength(StoredText.GatewayId);
        builder.Property(u => u.Caller).HasMaxLength(StoredText.Username);
        builder.HasOne(u => u.Endpoint).WithMany().HasForeignKey(u => u.EndpointId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(u => new { u.EndpointId, u.Timestamp }).HasDatabaseName("idx_gateway_usage_endpoint_timestamp");
    }
}

internal sealed class GatewaySecretPermissionConfiguration : IEntityTypeConfiguration<GatewaySecretPermission>
{
    public void Configure(EntityTypeBuilder<GatewaySecretPermission> builder)
    {
        builder.ToTable("gateway_secret_permissions");
        builder.HasKey(p => new { p.SecretId, p.UserId });
        builder.Property(p => p.Permission).HasMaxLength(32);
        builder.HasOne(p => p.Secret).WithMany().HasForeignKey(p => p.SecretId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(p => p.User).WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(p => p.UserId).HasDatabaseName("idx_gateway_secret_permissions_user_id");
    }
}

internal sealed class GatewayModelDefinitionPermissionConfiguration : IEntityTypeConfiguration<GatewayModelDefinitionPermission>
{
    public void Configure(EntityTypeBuilder<GatewayModelDefinitionPermission> builder)
    {
        builder.ToTable("gateway_model_definition_permissions");
        builder.HasKey(p => new { p.ModelDefinitionId, p.UserId });
        builder.Property(p => p.Permission).HasMaxLength(32);
        builder.HasOne(p => p.ModelDefinition).WithMany().HasForeignKey(p => p.ModelDefinitionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(p => p.User).WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(p => p.UserId).HasDatabaseName("idx_gateway_model_definition_permissions_user_id");
    }
}

internal sealed class GatewayEndpointPermissionConfiguration : IEntityTypeConfiguration<GatewayEndpointPermission>
{
    public void Configure(EntityTypeBuilder<GatewayEndpointPermission> builder)
    {
        builder.ToTable("gateway_endpoint_permissions");
        builder.HasKey(p => new { p.EndpointId, p.UserId });
        builder.Property(p => p.Permission).HasMaxLength(32);
        builder.HasOne(p => p.Endpoint).WithMany().HasForeignKey(p => p.EndpointId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(p => p.User).WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(p => p.UserId).HasDatabaseName("idx_gateway_endpoint_permissions_user_id");
    }
}
