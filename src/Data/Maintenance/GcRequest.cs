namespace Workspaces.Data.Maintenance;

/// <summary>What <c>gc</c> was asked to remove (MLflow's <c>mlflow gc</c> options).</summary>
public sealed record GcRequest
{
    /// <summary>The <c>--older-than</c> text as given (quoted in messages); null when absent.</summary>
    public string? OlderThan { get; init; }

    /// <summary>Only rows deleted at least this long ago go (milliseconds; 0 = all).</summary>
    public long OlderThanMs { get; init; }

    public IReadOnlyList<string>? RunIds { get; init; }

    public IReadOnlyList<string>? ExperimentIds { get; init; }

    public IReadOnlyList<string>? LoggedModelIds { get; init; }

    /// <summary>One workspace, or null for every workspace.</summary>
    public string? Workspace { get; init; }

    /// <summary>
    /// Explicit ids narrow the run to the listed entities (and the contents of listed experiments); without any,
    /// everything eligible goes, including the trees CASCADE workspace deletes left behind.
    /// </summary>
    public bool HasExplicitIds => RunIds is not null || ExperimentIds is not null || LoggedModelIds is not null;

    /// <summary>MLflow checks ages of explicit ids only when <c>--older-than</c> was given at all.</summary>
    public bool ChecksAge => !string.IsNullOrEmpty(OlderThan);
}

/// <summary>One line of gc's output; warnings are what MLflow prints in yellow.</summary>
public sealed record GcMessage(string Text, bool IsWarning = false);

/// <summary>How many of each were permanently removed.</summary>
public sealed record GcSummary(int Runs, int LoggedModels, int Experiments, int Tombstones);
