using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Workspaces.Data.Entities;

namespace Workspaces.Data.Configurations;

/// <summary>MLflow's trace tables, with its names and sizes; every child goes with its trace, every trace with its experiment.</summary>
internal sealed class TraceInfoConfiguration : IEntityTypeConfiguration<TraceInfo>
{
    public const int IdLength = 50;
    public const int PreviewLength = 1000;

    public void Configure(EntityTypeBuilder<TraceInfo> builder)
    {
        builder.ToTable("trace_info");
        builder.HasKey(t => t.RequestId);
        builder.Property(t => t.RequestId).HasMaxLength(IdLength);
        builder.Property(t => t.Status).HasMaxLength(50);
        builder.Property(t => t.ClientRequestId).HasMaxLength(IdLength);
        builder.Property(t => t.RequestPreview).HasMaxLength(PreviewLength);
        builder.Property(t => t.ResponsePreview).HasMaxLength(PreviewLength);
        builder.HasOne(t => t.Experiment).WithMany().HasForeignKey(t => t.ExperimentId).OnDelete(DeleteBehavior.Cascade);
        // Serves the default search order (timestamp DESC, id) within an experiment.
        builder.HasIndex(t => new { t.ExperimentId, t.TimestampMs, t.RequestId }).HasDatabaseName("idx_trace_info_experiment_timestamp");
    }
}

internal sealed class TraceTagConfiguration : IEntityTypeConfiguration<TraceTag>
{
    public void Configure(EntityTypeBuilder<TraceTag> builder)
    {
        builder.ToTable("trace_tags");
        builder.HasKey(t => new { t.RequestId, t.Key });
        builder.Property(t => t.RequestId).HasMaxLength(TraceInfoConfiguration.IdLength);
        builder.Property(t => t.Key).HasMaxLength(StoredText.EntityKey);
        builder.Property(t => t.Value).HasMaxLength(StoredText.RunTagValue);
        builder.HasOne(t => t.Trace).WithMany().HasForeignKey(t => t.RequestId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TraceMetadataConfiguration : IEntityTypeConfiguration<TraceMetadata>
{
    public void Configure(EntityTypeBuilder<TraceMetadata> builder)
    {
        builder.ToTable("trace_request_metadata");
        builder.HasKey(t => new { t.RequestId, t.Key });
        builder.Property(t => t.RequestId).HasMaxLength(TraceInfoConfiguration.IdLength);
        builder.Property(t => t.Key).HasMaxLength(StoredText.EntityKey);
        builder.Property(t => t.Value).HasMaxLength(StoredText.RunTagValue);
        builder.HasOne(t => t.Trace).WithMany().HasForeignKey(t => t.RequestId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TraceMetricConfiguration : IEntityTypeConfiguration<TraceMetric>
{
    public void Configure(EntityTypeBuilder<TraceMetric> builder)
    {
        builder.ToTable("trace_metrics");
        builder.HasKey(t => new { t.RequestId, t.Key });
        builder.Property(t => t.RequestId).HasMaxLength(TraceInfoConfiguration.IdLength);
        builder.Property(t => t.Key).HasMaxLength(StoredText.EntityKey);
        builder.HasOne(t => t.Trace).WithMany().HasForeignKey(t => t.RequestId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TraceRunLinkConfiguration : IEntityTypeConfiguration<TraceRunLink>
{
    public void Configure(EntityTypeBuilder<TraceRunLink> builder)
    {
        builder.ToTable("trace_run_links");
        builder.HasKey(t => new { t.RequestId, t.RunUuid });
        builder.Property(t => t.RequestId).HasMaxLength(TraceInfoConfiguration.IdLength);
        builder.Property(t => t.RunUuid).HasMaxLength(StoredText.RunId);
        builder.HasOne(t => t.Trace).WithMany().HasForeignKey(t => t.RequestId).OnDelete(DeleteBehavior.Cascade);
        // A run's gc removes its links too; the run_id filter looks links up by run.
        builder.HasOne(t => t.Run).WithMany().HasForeignKey(t => t.RunUuid).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(t => t.RunUuid).HasDatabaseName("idx_trace_run_links_run");
    }
}

internal sealed class TraceSpanConfiguration : IEntityTypeConfiguration<TraceSpan>
{
    public void Configure(EntityTypeBuilder<TraceSpan> builder)
    {
        builder.ToTable("spans");
        builder.HasKey(s => new { s.TraceId, s.SpanId });
        builder.Property(s => s.TraceId).HasMaxLength(TraceInfoConfiguration.IdLength);
        builder.Property(s => s.SpanId).HasMaxLength(TraceInfoConfiguration.IdLength);
        builder.Property(s => s.ParentSpanId).HasMaxLength(TraceInfoConfiguration.IdLength);
        builder.Property(s => s.Name).HasMaxLength(StoredText.EntityKey * 4);
        builder.Property(s => s.Type).HasMaxLength(500);
        builder.Property(s => s.Status).HasMaxLength(50);
        builder.HasOne(s => s.Trace).WithMany().HasForeignKey(s => s.TraceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AssessmentConfiguration : IEntityTypeConfiguration<Assessment>
{
    public void Configure(EntityTypeBuilder<Assessment> builder)
    {
        builder.ToTable("assessments");
        builder.HasKey(a => a.AssessmentId);
        builder.Property(a => a.AssessmentId).HasMaxLength(TraceInfoConfiguration.IdLength);
        builder.Property(a => a.TraceId).HasMaxLength(TraceInfoConfiguration.IdLength);
        builder.Property(a => a.Name).HasMaxLength(StoredText.EntityKey);
        builder.Property(a => a.AssessmentType).HasMaxLength(20);
        builder.Property(a => a.SerializationFormat).HasMaxLength(50);
        builder.Property(a => a.SourceType).HasMaxLength(50);
        builder.Property(a => a.SourceId).HasMaxLength(StoredText.EntityKey);
        builder.Property(a => a.RunId).HasMaxLength(StoredText.RunId);
        builder.Property(a => a.SpanId).HasMaxLength(TraceInfoConfiguration.IdLength);
        builder.Property(a => a.Overrides).HasMaxLength(TraceInfoConfiguration.IdLength);
        builder.HasOne(a => a.Trace).WithMany().HasForeignKey(a => a.TraceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => new { a.TraceId, a.Name }).HasDatabaseName("idx_assessments_trace_name");
    }
}
