using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Workspaces.Data.Entities;
using Workspaces.Data.Tenancy;

namespace Workspaces.Data.Configurations;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> builder)
    {
        builder.ToTable("users");
        builder.HasKey(u => u.Id);
        builder.Property(u => u.Username).HasMaxLength(StoredText.Username);
        builder.Property(u => u.PasswordHash).HasMaxLength(255);
        builder.Property(u => u.ExternalSubject).HasMaxLength(255);
        builder.Property(u => u.LastWorkspace).HasMaxLength(WorkspaceIsolation.NameMaxLength);
        builder.HasIndex(u => u.Username).IsUnique().HasDatabaseName("uq_users_username");
        builder.HasIndex(u => u.ExternalSubject).IsUnique().HasDatabaseName("uq_users_external_subject").HasFilter("external_subject IS NOT NULL");
    }
}

internal sealed class AccessTokenConfiguration : IEntityTypeConfiguration<AccessToken>
{
    public void Configure(EntityTypeBuilder<AccessToken> builder)
    {
        builder.ToTable("access_tokens");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Name).HasMaxLength(StoredText.TokenName);
        builder.Property(t => t.TokenHash).HasMaxLength(64);
        builder.Property(t => t.Prefix).HasMaxLength(16);
        builder.HasIndex(t => t.TokenHash).IsUnique().HasDatabaseName("uq_access_tokens_hash");
        builder.HasOne(t => t.User).WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WorkspacePermissionConfiguration : IEntityTypeConfiguration<WorkspacePermission>
{
    public void Configure(EntityTypeBuilder<WorkspacePermission> builder)
    {
        builder.ToTable("workspace_permissions");
        builder.HasKey(p => new { p.Workspace, p.UserId });
        builder.Property(p => p.Workspace).HasMaxLength(WorkspaceIsolation.NameMaxLength);
        builder.Property(p => p.Permission).HasMaxLength(32);
        builder.HasOne<WorkspaceEntity>().WithMany().HasForeignKey(p => p.Workspace).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(p => p.User).WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(p => p.UserId).HasDatabaseName("idx_workspace_permissions_user_id");
    }
}

internal sealed class ExperimentPermissionConfiguration : IEntityTypeConfiguration<ExperimentPermission>
{
    public void Configure(EntityTypeBuilder<ExperimentPermission> builder)
    {
        builder.ToTable("experiment_permissions");
        builder.HasKey(p => new { p.ExperimentId, p.UserId });
        builder.Property(p => p.Permission).HasMaxLength(32);
        builder.HasOne(p => p.Experiment).WithMany().HasForeignKey(p => p.ExperimentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(p => p.User).WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(p => p.UserId).HasDatabaseName("idx_experiment_permissions_user_id");
    }
}

internal sealed class RegisteredModelPermissionConfiguration : IEntityTypeConfiguration<RegisteredModelPermission>
{
    public void Configure(EntityTypeBuilder<RegisteredModelPermission> builder)
    {
        builder.ToTable("registered_model_permissions");
        builder.HasKey(p => new { p.RegisteredModelId, p.UserId });
        builder.Property(p => p.Permission).HasMaxLength(32);
        builder.HasOne(p => p.Model).WithMany().HasForeignKey(p => p.RegisteredModelId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(p => p.User).WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(p => p.UserId).HasDatabaseName("idx_registered_model_permissions_user_id");
    }
}

internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> builder)
    {
        builder.ToTable("audit_events");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Actor).HasMaxLength(255);
        builder.Property(a => a.Action).HasMaxLength(64);
        builder.Property(a => a.TargetType).HasMaxLength(64);
        builder.Property(a => a.Target).HasMaxLength(512);
        builder.Property(a => a.Workspace).HasMaxLength(WorkspaceIsolation.NameMaxLength);
        builder.HasIndex(a => a.Timestamp).HasDatabaseName("idx_audit_events_timestamp");
        builder.HasIndex(a => new { a.Workspace, a.Timestamp }).HasDatabaseName("idx_audit_events_workspace_timestamp");
    }
}
