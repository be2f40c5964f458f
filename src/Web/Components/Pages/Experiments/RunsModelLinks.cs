using Workspaces.Data.Registry;
using Workspaces.Data.Tracking;
using Workspaces.Web.Components.Pages.ModelRegistry;

namespace Workspaces.Web.Components.Pages.Experiments;

/// <summary>A link from a runs-table cell to a model the run produced: a registered model version or a logged model.</summary>
public sealed record RunModelLink(string Text, string Href, string Kind);

/// <summary>
/// The models column of a page of runs: the registered versions whose run is on the page and the logged models whose
/// source run is, read with one search each (the run ids in an IN list). The searches apply the caller's rights, so a
/// model the caller may not read is simply not linked.
/// </summary>
internal static class RunsModelLinks
{
    private const int MaxLinks = 500;

    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<RunModelLink>>> LoadAsync(string workspace, IReadOnlyList<string> experimentIds,
        IReadOnlyList<RunDto> runs, RegistrySearchService registry, LoggedModelSearchService loggedModels, CancellationToken ct)
    {
        // Run ids are the server's hex ids; anything else (an imported id with a quote) is left out rather than quoted.
        var ids = runs.Select(r => r.Info.RunId).Where(id => id.All(char.IsAsciiLetterOrDigit)).ToList();
        var links = new Dictionary<string, List<RunModelLink>>(StringComparer.Ordinal);
        if (ids.Count == 0)
            return new Dictionary<string, IReadOnlyList<RunModelLink>>();
        var list = string.Join(", ", ids.Select(id => $"'{id}'"));
        void Add(string runId, RunModelLink link)
        {
            if (!links.TryGetValue(runId, out var found))
                links[runId] = found = [];
            found.Add(link);
        }
        var versions = await registry.SearchVersionsAsync($"run_id IN ({list})", MaxLinks, ["name ASC", "version_number ASC"], null, ct);
        if (versions.IsSuccess)
        {
            foreach (var v in versions.Value.Versions.Where(v => v.RunId is not null))
                Add(v.RunId!, new($"{v.Name} v{v.Version}", RegistryViews.VersionUrl(workspace, v.Name, v.Version), "registered"));
        }
        var models = await loggedModels.SearchAsync(new LoggedModelSearchRequest(experimentIds, $"source_run_id IN ({list})", [], MaxLinks, [], null), ct);
        if (models.IsSuccess)
        {
            foreach (var m in models.Value.Models.Where(m => m.SourceRunId is not null))
                Add(m.SourceRunId!, new(m.Name, LoggedModelPage.Url(workspace, m.ModelId), "logged"));
        }
        return links.ToDictionary(p => p.Key, p => (IReadOnlyList<RunModelLink>)p.Value, StringComparer.Ordinal);
    }
}
