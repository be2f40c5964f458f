namespace Workspaces.Web.Components.Pages.Experiments;

/// <summary>What a runs table cell needs besides the run: one clock reading for the whole page, experiment names, model links.</summary>
public sealed record RunsCellContext(long NowMs, IReadOnlyDictionary<string, string> ExperimentNames,
    IReadOnlyDictionary<string, IReadOnlyList<RunModelLink>>? Models = null);
