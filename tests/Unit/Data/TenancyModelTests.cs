using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Workspaces.Data;
using Workspaces.Data.Common;
using Workspaces.Data.Entities;
using Workspaces.Data.Store;
using Workspaces.Data.Tenancy;

namespace Workspaces.Tests.Unit.Data;

/// <summary>
/// The model walk: every entity of each provider's model is workspace-owned (own column, filter, catalog
/// foreign key), a workspace child (filter through its parent) or explicitly global. A new entity that is
/// none of these fails here before it can leak across workspaces.
/// </summary>
public sealed class TenancyModelTests
{
    public static TheoryData<string> Providers => new() { "sqlite", "postgres", "mysql" };

    [Theory]
    [MemberData(nameof(Providers))]
    public void Every_entity_is_workspace_scoped_or_marked_global(string provider)
    {
        using var db = CreateContext(provider);
        var problems = new List<string>();
        foreach (var entityType in db.Model.GetEntityTypes())
        {
            var clr = entityType.ClrType;
            var global = clr.GetCustomAttribute<GlobalEntityAttribute>();
            var owned = typeof(IWorkspaceOwned).IsAssignableFrom(clr);
            var child = clr.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IWorkspaceChild<>))
                || typeof(IUnkeyedRunChild).IsAssignableFrom(clr);
            var filtered = entityType.GetDeclaredQueryFilters().Any(f => f.Key == WorkspaceNames.QueryFilter);
            if (global is not null)
            {
                if (owned || child || filtered)
                    problems.Add($"{clr.Name} is marked global but is also workspace-scoped");
                if (string.IsNullOrWhiteSpace(global.Reason))
                    problems.Add($"{clr.Name} is global without a reason");
            }
            else if (!(owned || child))
            {
                problems.Add($"{clr.Name} is neither workspace-owned, a workspace child nor [GlobalEntity]");
            }
            else if (!filtered)
            {
                problems.Add($"{clr.Name} has no '{WorkspaceNames.QueryFilter}' query filter");
            }
            if (owned && !entityType.GetForeignKeys().Any(fk => fk.PrincipalEntityType.ClrType == typeof(WorkspaceEntity)
                    && fk.Properties.Single().Name == nameof(IWorkspaceOwned.Workspace) && fk.DeleteBehavior == DeleteBehavior.Restrict))
                problems.Add($"{clr.Name} lacks the restricting foreign key to the workspace catalog");
        }
        Assert.Empty(problems);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Children_cascade_from_their_parents(string provider)
    {
        using var db = CreateContext(provider);
        var children = db.Model.GetEntityTypes().Where(e => e.ClrType.GetInterfaces()
            .Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IWorkspaceChild<>)));
        foreach (var child in children)
        {
            var fks = child.GetForeignKeys().Where(fk => fk.IsRequired).ToList();
            Assert.NotEmpty(fks);
            // A mapping also references a model definition, deliberately RESTRICT (a definition in use cannot go); both
            // are of the endpoint's workspace, and a CASCADE workspace delete removes endpoints before definitions.
            Assert.All(fks.Where(fk => !(fk.DeclaringEntityType.ClrType == typeof(GatewayEndpointModelMapping) && fk.PrincipalEntityType.ClrType == typeof(GatewayModelDefinition))),
                fk => Assert.Equal(DeleteBehavior.Cascade, fk.DeleteBehavior));
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Unkeyed_run_children_have_no_foreign_key(string provider)
    {
        // Their deletes are explicit (RunMetricsCleanup, proven by MetricOrphanTests); a key added back would cost ingestion again.
        using var db = CreateContext(provider);
        var unkeyed = db.Model.GetEntityTypes().Where(e => typeof(IUnkeyedRunChild).IsAssignableFrom(e.ClrType)).ToList();
        Assert.Contains(unkeyed, e => e.ClrType == typeof(Metric));
        Assert.All(unkeyed, e => Assert.Empty(e.GetForeignKeys()));
    }

    [Fact]
    public void The_model_has_the_tables_the_delete_modes_cover()
    {
        using var db = CreateContext("sqlite");
        var owned = db.Model.GetEntityTypes().Where(e => typeof(IWorkspaceOwned).IsAssignableFrom(e.ClrType)).Select(e => e.GetTableName());
        Assert.Contains("experiments", owned);
    }

    private static TrackingDbContext CreateContext(string provider) => provider switch
    {
        "sqlite" => new SqliteDesignTimeFactory().CreateDbContext([]),
        "mysql" => new MySqlDesignTimeFactory().CreateDbContext([]),
        _ => new PostgresDesignTimeFactory().CreateDbContext([]),
    };
}
