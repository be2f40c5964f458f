using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
using Workspaces.Data.Common;
using Workspaces.Data.Entities;

namespace Workspaces.Data.Tenancy;

/// <summary>
/// Applies workspace isolation to the model: every <see cref="IWorkspaceOwned"/> entity gets the
/// "Workspace" query filter on its own column plus a foreign key to the catalog (so no row can name a
/// workspace that does not exist, whatever races with a delete); every <see cref="IWorkspaceChild{TSelf}"/>
/// gets the same filter through its parent, every <see cref="IUnkeyedRunChild"/> through a lookup of its run. New
/// entities join by implementing one of the interfaces.
/// </summary>
internal static class WorkspaceIsolation
{
    public const int NameMaxLength = 63;

    private static readonly Expression<Func<TrackingDbContext, string, bool>> RunVisible = (db, runId) => db.Runs.Any(r => r.RunUuid == runId);

    public static void Apply(ModelBuilder modelBuilder, TrackingDbContext context)
    {
        // EF parameterises members of the context instance found in a filter, per query.
        var current = Expression.Property(Expression.Constant(context), nameof(TrackingDbContext.CurrentWorkspace));

        foreach (var entityType in modelBuilder.Model.GetEntityTypes().ToList())
        {
            var clr = entityType.ClrType;
            if (typeof(IWorkspaceOwned).IsAssignableFrom(clr))
            {
                var e = Expression.Parameter(clr, "e");
                var filter = Expression.Lambda(Expression.Equal(Expression.Property(e, nameof(IWorkspaceOwned.Workspace)), current), e);
                var builder = modelBuilder.Entity(clr);
                builder.HasQueryFilter(WorkspaceNames.QueryFilter, filter);
                builder.Property(nameof(IWorkspaceOwned.Workspace)).HasMaxLength(NameMaxLength).IsRequired();
                builder.HasOne(typeof(WorkspaceEntity)).WithMany()
                    .HasForeignKey(nameof(IWorkspaceOwned.Workspace))
                    .OnDelete(DeleteBehavior.Restrict);
            }
            else if (ChildPath(clr) is { } path)
            {
                var filter = Expression.Lambda(Expression.Equal(path.Body, current), path.Parameters);
                modelBuilder.Entity(clr).HasQueryFilter(WorkspaceNames.QueryFilter, filter);
            }
            else if (typeof(IUnkeyedRunChild).IsAssignableFrom(clr))
            {
                // No navigation to follow: the row's run must be one this query may see (the runs' own filter applies inside).
                var e = Expression.Parameter(clr, "e");
                var body = ReplacingExpressionVisitor.Replace(RunVisible.Parameters[0], Expression.Constant(context), RunVisible.Body);
                body = ReplacingExpressionVisitor.Replace(RunVisible.Parameters[1], Expression.Property(e, nameof(IUnkeyedRunChild.RunUuid)), body);
                modelBuilder.Entity(clr).HasQueryFilter(WorkspaceNames.QueryFilter, Expression.Lambda(body, e));
            }
        }
    }

    /// <summary>The <c>WorkspacePath</c> of an <see cref="IWorkspaceChild{TSelf}"/> type, or null.</summary>
    public static LambdaExpression? ChildPath(Type clr)
    {
        var isChild = clr.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IWorkspaceChild<>));
        if (!isChild)
            return null;
        var property = clr.GetProperty("WorkspacePath", BindingFlags.Public | BindingFlags.Static)
            ?? throw new InvalidOperationException($"{clr.Name} must expose a public static WorkspacePath.");
        return (LambdaExpression)property.GetValue(null)!;
    }
}
