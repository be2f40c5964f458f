using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Workspaces.Data.Entities;

namespace Workspaces.Data.Configurations;

internal sealed class LoggedModelConfiguration : IEntityTypeConfiguration<LoggedModel>
{
    public void Configure(EntityTypeBuilder<LoggedModel> builder)
    {
        builder.ToTable("logged_models");
        builder.HasKey(m => m.ModelId);
        builder.Property(m => m.ModelId).HasMaxLength(StoredText.LoggedModelId);
        builder.Property(m => m.Name).HasMaxLength(StoredText.LoggedModelName);
        builder.Property(m => m.ArtifactLocation).HasMaxLength(StoredText.ArtifactUri);
        builder.Property(m => m.Status).HasMaxLength(40);
        builder.Property(m => m.LifecycleStage).HasMaxLength(20);
        builder.Property(m => m.ModelType).HasMaxLength(StoredText.ModelType);
        builder.Property(m => m.SourceRunId).HasMaxLength(StoredText.RunId);
        builder.HasOne(m => m.Experiment).WithMany().HasForeignKey(m => m.ExperimentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(m => m.Tags).WithOne(t => t.Model).HasForeignKey(t => t.ModelId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(m => m.Params).WithOne(p => p.Model).HasForeignKey(p => p.ModelId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(m => new { m.ExperimentId, m.CreationTimestampMs }).HasDatabaseName("idx_logged_models_experiment_created");
    }
}

internal sealed class LoggedModelTagConfiguration : IEntityTypeConfiguration<LoggedModelTag>
{
    public void Configure(EntityTypeBuilder<LoggedModelTag> builder)
    {
        builder.ToTable("logged_model_tags");
        builder.HasKey(t => new { t.ModelId, t.Key });
        builder.Property(t => t.Key).HasMaxLength(StoredText.EntityKey);
        builder.Property(t => t.Value).HasMaxLength(StoredText.RunTagValue);
    }
}

internal sealed class LoggedModelParamConfiguration : IEntityTypeConfiguration<LoggedModelParam>
{
    public void Configure(EntityTypeBuilder<LoggedModelParam> builder)
    {
        builder.ToTable("logged_model_params");
        builder.HasKey(p => new { p.ModelId, p.Key });
        builder.Property(p => p.Key).HasMaxLength(StoredText.EntityKey);
        builder.Property(p => p.Value).HasMaxLength(StoredText.ParamValue);
    }
}
