using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Store;
using Workspaces.Data.Tenancy;
using Workspaces.Data.Tracing;

namespace Workspaces.Data;

/// <summary>
/// MySQL / MariaDB. The shared model needs two changes here, both about InnoDB's limits rather than meaning:
/// long strings become TEXT columns (a table's VARCHARs must fit 65,535 bytes, four per character in utf8mb4), and
/// partial indexes lose their filter (MySQL has none; a unique index there already admits many NULLs, which is
/// what the filter expressed). Lengths stay enforced the same way on every database by <see cref="StoredText"/>.
/// Case-sensitive, pad-free comparisons come from the schema's collation, chosen when the schema is created
/// (<see cref="Schema.MySqlSchema"/>).
/// </summary>
public sealed class MySqlTrackingDbContext(DbContextOptions<MySqlTrackingDbContext> options, WorkspaceContext workspace)
    : TrackingDbContext(options, workspace)
{
    /// <summary>Longer strings than this (in characters) are stored as TEXT unless a key or index needs them.</summary>
    public const int LongestVarchar = 512;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        TraceDbFunctions.Register(modelBuilder, DatabaseProvider.MySql);
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var index in entity.GetIndexes())
                index.SetFilter(null);
            foreach (var property in entity.GetProperties().Where(p => p.ClrType == typeof(string)))
            {
                if (property.IsKey() || property.IsForeignKey() || property.IsIndex())
                    continue;
                if (TextType(property.GetMaxLength()) is { } type)
                    property.SetColumnType(type);
            }
        }
    }

    private static string? TextType(int? maxLength) => maxLength switch
    {
        null => "longtext",
        <= LongestVarchar => null,
        <= 16_383 => "text",
        <= 4_194_303 => "mediumtext",
        _ => "longtext",
    };
}
