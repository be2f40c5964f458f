using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Workspaces.Data.Entities;

namespace Workspaces.Data.Configurations;

internal sealed class ExperimentTagConfiguration : IEntityTypeConfiguration<ExperimentTag>
{
    public void Configure(EntityTypeBuilder<ExperimentTag> builder)
    {
        builder.ToTable("experiment_tags");
        builder.HasKey(t => new { t.ExperimentId, t.Key });
        builder.Property(t => t.Key).HasMaxLength(StoredText.EntityKey);
        builder.Property(t => t.Value).HasMaxLength(StoredText.ExperimentTagValue);
    }
}
