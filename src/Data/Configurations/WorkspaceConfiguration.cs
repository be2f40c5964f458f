using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Workspaces.Data.Common;
using Workspaces.Data.Entities;
using Workspaces.Data.Tenancy;

namespace Workspaces.Data.Configurations;

internal sealed class WorkspaceConfiguration : IEntityTypeConfiguration<WorkspaceEntity>
{
    public void Configure(EntityTypeBuilder<WorkspaceEntity> builder)
    {
        builder.ToTable("workspaces");
        builder.HasKey(w => w.Name);
        builder.Property(w => w.Name).HasMaxLength(WorkspaceIsolation.NameMaxLength);
        // MLflow keeps description and root as unbounded TEXT.
        builder.Property(w => w.Description);
        builder.Property(w => w.DefaultArtifactRoot);
        // The migration inserts the default row, as MLflow's migration does; start-up re-ensures it.
        builder.HasData(new WorkspaceEntity { Name = WorkspaceNames.Default, Description = WorkspaceNames.DefaultDescription });
    }
}
