using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Workspaces.Data.Entities;

namespace Workspaces.Data.Configurations;

internal sealed class DatasetConfiguration : IEntityTypeConfiguration<Dataset>
{
    public void Configure(EntityTypeBuilder<Dataset> builder)
    {
        builder.ToTable("datasets");
        builder.HasKey(d => d.DatasetUuid);
        builder.Property(d => d.DatasetUuid).HasMaxLength(36);
        builder.Property(d => d.Name).HasMaxLength(StoredText.DatasetName);
        builder.Property(d => d.Digest).HasMaxLength(StoredText.DatasetDigest);
        builder.Property(d => d.SourceType).HasMaxLength(StoredText.DatasetSourceType);
        builder.HasOne(d => d.Experiment).WithMany().HasForeignKey(d => d.ExperimentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(d => new { d.ExperimentId, d.Name, d.Digest }).IsUnique().HasDatabaseName("uq_datasets_experiment_name_digest");
    }
}

internal sealed class RunDatasetInputConfiguration : IEntityTypeConfiguration<RunDatasetInput>
{
    public void Configure(EntityTypeBuilder<RunDatasetInput> builder)
    {
        builder.ToTable("run_dataset_inputs");
        builder.HasKey(i => new { i.RunUuid, i.DatasetUuid });
        builder.HasOne(i => i.Run).WithMany().HasForeignKey(i => i.RunUuid).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(i => i.Dataset).WithMany().HasForeignKey(i => i.DatasetUuid).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(i => i.Tags).WithOne(t => t.Input).HasForeignKey(t => new { t.RunUuid, t.DatasetUuid }).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(i => i.DatasetUuid).HasDatabaseName("idx_run_dataset_inputs_dataset");
    }
}

internal sealed class InputTagConfiguration : IEntityTypeConfiguration<InputTag>
{
    public void Configure(EntityTypeBuilder<InputTag> builder)
    {
        builder.ToTable("input_tags");
        builder.HasKey(t => new { t.RunUuid, t.DatasetUuid, t.Key });
        builder.Property(t => t.Key).HasMaxLength(StoredText.InputTagKey);
        builder.Property(t => t.Value).HasMaxLength(StoredText.InputTagValue);
    }
}

internal sealed class RunModelLinkConfiguration : IEntityTypeConfiguration<RunModelLink>
{
    public void Configure(EntityTypeBuilder<RunModelLink> builder)
    {
        builder.ToTable("run_model_links");
        builder.HasKey(l => new { l.RunUuid, l.ModelId, l.Direction });
        builder.Property(l => l.ModelId).HasMaxLength(StoredText.LoggedModelId);
        builder.Property(l => l.Direction).HasMaxLength(8);
        builder.HasOne(l => l.Run).WithMany().HasForeignKey(l => l.RunUuid).OnDelete(DeleteBehavior.Cascade);
    }
}
