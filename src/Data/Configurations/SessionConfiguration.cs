using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Workspaces.Data.Entities;

namespace Workspaces.Data.Configurations;

internal sealed class UserSessionConfiguration : IEntityTypeConfiguration<UserSession>
{
    public void Configure(EntityTypeBuilder<UserSession> builder)
    {
        builder.ToTable("user_sessions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).HasMaxLength(64);
        builder.Property(s => s.Method).HasMaxLength(16);
        // Removing a user removes their sessions with them.
        builder.HasOne(s => s.User).WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => s.UserId).HasDatabaseName("idx_user_sessions_user_id");
        builder.HasIndex(s => s.ExpiresAt).HasDatabaseName("idx_user_sessions_expires_at");
    }
}

internal sealed class LoginAttemptConfiguration : IEntityTypeConfiguration<LoginAttempt>
{
    public void Configure(EntityTypeBuilder<LoginAttempt> builder)
    {
        // LoginThrottle's upsert names the table and columns in SQL.
        builder.ToTable("login_attempts");
        builder.HasKey(a => a.KeyHash);
        builder.Property(a => a.KeyHash).HasMaxLength(64);
    }
}
