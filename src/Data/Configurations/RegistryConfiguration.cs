using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Workspaces.Data.Entities;

namespace Workspaces.Data.Configurations;

internal sealed class RegisteredModelConfiguration : IEntityTypeConfiguration<RegisteredModel>
{
    public const int NameMaxLength = StoredText.RegisteredModelName;

    public void Configure(EntityTypeBuilder<RegisteredModel> builder)
    {
        builder.ToTable("registered_models");
        // A surrogate key makes renames a one-row update; (workspace, name) stays unique.
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedOnAdd();
        builder.Property(m => m.Name).HasMaxLength(NameMaxLength);
        builder.HasIndex(m => new { m.Workspace, m.Name }).IsUnique().HasDatabaseName("uq_registered_models_workspace_name");
        builder.HasMany(m => m.Tags).WithOne(t => t.Model).HasForeignKey(t => t.RegisteredModelId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(m => m.Versions).WithOne(v => v.Model).HasForeignKey(v => v.RegisteredModelId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(m => m.Aliases).WithOne(a => a.Model).HasForeignKey(a => a.RegisteredModelId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ModelVersionConfiguration : IEntityTypeConfiguration<ModelVersion>
{
    public void Configure(EntityTypeBuilder<ModelVersion> builder)
    {
        builder.ToTable("model_versions");
        builder.HasKey(v => new { v.RegisteredModelId, v.Version });
        builder.Property(v => v.UserId).HasMaxLength(StoredText.UserId);
        builder.Property(v => v.CurrentStage).HasMaxLength(20);
        builder.Property(v => v.RunId).HasMaxLength(StoredText.RunId);
        builder.Property(v => v.Status).HasMaxLength(20);
        builder.Property(v => v.StatusMessage).HasMaxLength(StoredText.StatusMessage);
        builder.Property(v => v.RunLink).HasMaxLength(StoredText.RunLink);
        builder.Property(v => v.ModelId).HasMaxLength(StoredText.LoggedModelId);
        builder.HasMany(v => v.Tags).WithOne(t => t.ModelVersion).HasForeignKey(t => new { t.RegisteredModelId, t.Version }).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(v => v.RunId).HasDatabaseName("idx_model_versions_run_id");
    }
}

internal sealed class RegisteredModelTagConfiguration : IEntityTypeConfiguration<RegisteredModelTag>
{
    public void Configure(EntityTypeBuilder<RegisteredModelTag> builder)
    {
        builder.ToTable("registered_model_tags");
        builder.HasKey(t => new { t.RegisteredModelId, t.Key });
        builder.Property(t => t.Key).HasMaxLength(StoredText.EntityKey);
    }
}

internal sealed class ModelVersionTagConfiguration : IEntityTypeConfiguration<ModelVersionTag>
{
    public void Configure(EntityTypeBuilder<ModelVersionTag> builder)
    {
        builder.ToTable("model_version_tags");
        builder.HasKey(t => new { t.RegisteredModelId, t.Version, t.Key });
        builder.Property(t => t.Key).HasMaxLength(StoredText.EntityKey);
    }
}

internal sealed class RegisteredModelAliasConfiguration : IEntityTypeConfiguration<RegisteredModelAlias>
{
    public void Configure(EntityTypeBuilder<RegisteredModelAlias> builder)
    {
        builder.ToTable("registered_model_aliases");
        builder.HasKey(a => new { a.RegisteredModelId, a.Alias });
        builder.Property(a => a.Alias).HasMaxLength(StoredText.Alias);
    }
}
