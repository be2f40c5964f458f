using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Workspaces.Data.Entities;

namespace Workspaces.Data.Workspaces;

/// <summary>
/// A workspace-owned root table found in the EF model, with the columns the delete modes need;
/// <c>NameColumn</c> is the other column of a unique (workspace, name) index, used for SET_DEFAULT conflicts.
/// </summary>
internal sealed record WorkspaceRootTable(string Table, string? Schema, string WorkspaceColumn, string? NameColumn);

internal static class WorkspaceRootTables
{
    /// <summary>Every <see cref="IWorkspaceOwned"/> table, ordered by name so messages are deterministic.</summary>
    public static IReadOnlyList<WorkspaceRootTable> From(IModel model)
    {
        var tables = new List<WorkspaceRootTable>();
        foreach (var entityType in model.GetEntityTypes())
        {
            if (!typeof(IWorkspaceOwned).IsAssignableFrom(entityType.ClrType) || entityType.GetTableName() is not { } table)
                continue;
            var store = StoreObjectIdentifier.Table(table, entityType.GetSchema());
            var workspace = entityType.FindProperty(nameof(IWorkspaceOwned.Workspace))!;
            var nameColumn = entityType.GetIndexes()
                .Where(i => i.IsUnique && i.Properties.Count == 2 && i.Properties.Contains(workspace))
                .Select(i => i.Properties.Single(p => p != workspace).GetColumnName(store))
                .FirstOrDefault();
            tables.Add(new WorkspaceRootTable(table, entityType.GetSchema(), workspace.GetColumnName(store)!, nameColumn));
        }
        return tables.OrderBy(t => t.Table, StringComparer.Ordinal).ToList();
    }
}
