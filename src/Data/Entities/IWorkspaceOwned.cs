namespace Workspaces.Data.Entities;

/// <summary>
/// A root resource of a workspace (experiment, registered model, …). Its table has a
/// <c>workspace</c> column, a foreign key to the catalog and the "Workspace" query filter;
/// the workspace delete modes (RESTRICT, CASCADE, SET_DEFAULT) find these tables in the EF model.
/// </summary>
public interface IWorkspaceOwned
{
    string Workspace { get; set; }
}
