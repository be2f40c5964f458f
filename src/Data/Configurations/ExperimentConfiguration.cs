using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Workspaces.Data.Entities;

namespace Workspaces.Data.Configurations;

internal sealed class ExperimentConfiguration : IEntityTypeConfiguration<Experiment>
{
    public const int NameMaxLength = StoredText.ExperimentName;
    public const int ArtifactLocationMaxLength = StoredText.ArtifactLocation;

    public void Configure(EntityTypeBuilder<Experiment> builder)
    {
        builder.ToTable("experiments");
        builder.HasKey(e => e.ExperimentId);
        // Autoincrement: ids are never reused, and 0 stays reserved for the Default experiment.
        builder.Property(e => e.ExperimentId).ValueGeneratedOnAdd();
        builder.Property(e => e.Name).HasMaxLength(NameMaxLength);
        builder.Property(e => e.ArtifactLocation).HasMaxLength(ArtifactLocationMaxLength);
        builder.Property(e => e.LifecycleStage).HasMaxLength(32);
        builder.HasIndex(e => new { e.Workspace, e.Name }).IsUnique().HasDatabaseName("uq_experiments_workspace_name");
        builder.HasIndex(e => new { e.Workspace, e.CreationTime }).HasDatabaseName("idx_experiments_workspace_creation_time");
        builder.HasMany(e => e.Tags).WithOne(t => t.Experiment).HasForeignKey(t => t.ExperimentId).OnDelete(DeleteBehavior.Cascade);
    }
}
