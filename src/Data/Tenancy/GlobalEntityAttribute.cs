namespace Workspaces.Data.Tenancy;

/// <summary>
/// Marks an entity that deliberately belongs to no workspace (the workspace catalog, users).
/// Every entity is either workspace-owned, a workspace child or marked with this attribute;
/// a unit test walks the EF model to enforce it. The reason is mandatory so reviewers see why.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class GlobalEntityAttribute(string reason) : Attribute
{
    public string Reason { get; } = reason;
}
