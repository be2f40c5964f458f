using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Workspaces.Data.Entities;
using Workspaces.Data.Tenancy;

namespace Workspaces.Data.Configurations;

internal sealed class ArtifactTombstoneConfiguration : IEntityTypeConfiguration<ArtifactTombstone>
{
    public void Configure(EntityTypeBuilder<ArtifactTombstone> builder)
    {
        builder.ToTable("artifact_tombstones");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Uri).HasMaxLength(ExperimentConfiguration.ArtifactLocationMaxLength + 64);
        builder.Property(t => t.Workspace).HasMaxLength(WorkspaceIsolation.NameMaxLength);
        builder.Property(t => t.EntityType).HasMaxLength(16);
        builder.Property(t => t.EntityId).HasMaxLength(64);
        // gc selects by age (across workspaces by default).
        builder.HasIndex(t => t.DeletedTime).HasDatabaseName("idx_artifact_tombstones_deleted_time");
    }
}
