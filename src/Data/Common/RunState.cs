namespace Workspaces.Data.Common;

/// <summary>What authorization and logging need to know of a run (cached on the ingestion path).</summary>
public sealed record RunState(string RunId, long ExperimentId, string Workspace, string LifecycleStage);
