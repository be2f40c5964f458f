using Workspaces.Data.Tenancy;

namespace Workspaces.Data.Entities;

/// <summary>
/// An artifact tree whose rows are gone but whose files may still be on storage: a CASCADE workspace delete
/// removes experiments, runs and logged models in one transaction and leaves their files behind, so it writes
/// one of these per tree in the same transaction. <c>gc</c> deletes the tree, then the row.
/// </summary>
[GlobalEntity("outlives the workspace it names; only gc reads it, across workspaces")]
public sealed class ArtifactTombstone
{
    public const string ExperimentType = "experiment";
    public const string RunType = "run";
    public const string LoggedModelType = "logged_model";

    public long Id { get; set; }

    /// <summary>The artifact root as the entity stored it (artifact_location or artifact_uri).</summary>
    public required string Uri { get; set; }

    /// <summary>The workspace the entity belonged to; no foreign key, that workspace no longer exists.</summary>
    public required string Workspace { get; set; }

    /// <summary><see cref="ExperimentType"/>, <see cref="RunType"/> or <see cref="LoggedModelType"/>.</summary>
    public required string EntityType { get; set; }

    /// <summary>The id of the removed entity: gc deletes only a tree whose path names it.</summary>
    public required string EntityId { get; set; }

    /// <summary>When the rows were removed, in epoch milliseconds (compared with <c>--older-than</c>).</summary>
    public long DeletedTime { get; set; }
}
