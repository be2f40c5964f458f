using System.Linq.Expressions;
using Workspaces.Data.Common;

namespace Workspaces.Data.Entities;

/// <summary>A registered model or a prompt (tag <c>mlflow.prompt.is_prompt</c>); names are unique per workspace.</summary>
public sealed class RegisteredModel : IWorkspaceOwned
{
    /// <summary>
    /// <see cref="RegistryRules.IsPrompt"/> for queries: the prompt tag is "true" in any case (EF translates it to
    /// <c>lower(value) = 'true'</c>).
    /// </summary>
#pragma warning disable CA1862 // an expression for EF: ToLower() becomes SQL lower(); string.Equals with a comparison does not translate
    public static readonly Expression<Func<RegisteredModel, bool>> IsPrompt =
        m => m.Tags.Any(t => t.Key == RegistryRules.PromptTag && t.Value != null && t.Value.ToLower() == "true");
#pragma warning restore CA1862

    public long Id { get; set; }

    public required string Name { get; set; }

    public string Workspace { get; set; } = WorkspaceNames.Default;

    public long CreationTimestamp { get; set; }

    public long LastUpdatedTimestamp { get; set; }

    public string? Description { get; set; }

    public List<RegisteredModelTag> Tags { get; } = [];

    public List<ModelVersion> Versions { get; } = [];

    public List<RegisteredModelAlias> Aliases { get; } = [];
}

/// <summary>
/// One version of a registered model. Deleted versions stay as <c>Deleted_Internal</c> rows (with their
/// details redacted) so their numbers are never reused.
/// </summary>
public sealed class ModelVersion : IWorkspaceChild<ModelVersion>
{
    public const string DeletedStage = "Deleted_Internal";

    public long RegisteredModelId { get; set; }

    public int Version { get; set; }

    public long CreationTimestamp { get; set; }

    public long LastUpdatedTimestamp { get; set; }

    public string? Description { get; set; }

    public string? UserId { get; set; }

    public string CurrentStage { get; set; } = "None";

    public string? Source { get; set; }

    /// <summary>Where the files really are when <see cref="Source"/> is a <c>models:/</c> URI.</summary>
    public string? StorageLocation { get; set; }

    public string? RunId { get; set; }

    public string Status { get; set; } = "READY";

    public string? StatusMessage { get; set; }

    public string? RunLink { get; set; }

    public string? ModelId { get; set; }

    public RegisteredModel? Model { get; set; }

    public List<ModelVersionTag> Tags { get; } = [];

    public static Expression<Func<ModelVersion, string>> WorkspacePath => v => v.Model!.Workspace;
}

public sealed class RegisteredModelTag : IWorkspaceChild<RegisteredModelTag>
{
    public long RegisteredModelId { get; set; }

    public required string Key { get; set; }

    public string? Value { get; set; }

    public RegisteredModel? Model { get; set; }

    public static Expression<Func<RegisteredModelTag, string>> WorkspacePath => t => t.Model!.Workspace;
}

public sealed class ModelVersionTag : IWorkspaceChild<ModelVersionTag>
{
    public long RegisteredModelId { get; set; }

    public int Version { get; set; }

    public required string Key { get; set; }

    public string? Value { get; set; }

    public ModelVersion? ModelVersion { get; set; }

    public static Expression<Func<ModelVersionTag, string>> WorkspacePath => t => t.ModelVersion!.Model!.Workspace;
}

public sealed class RegisteredModelAlias : IWorkspaceChild<RegisteredModelAlias>
{
    public long RegisteredModelId { get; set; }

    public required string Alias { get; set; }

    public int Version { get; set; }

    public RegisteredModel? Model { get; set; }

    public static Expression<Func<RegisteredModelAlias, string>> WorkspacePath => a => a.Model!.Workspace;
}
