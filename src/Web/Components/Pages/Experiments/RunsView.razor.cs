using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;
using Workspaces.Data.Common;
using Workspaces.Data.Tracking;
using Workspaces.Web.Components.Shell;

namespace Workspaces.Web.Components.Pages.Experiments;

/// <summary>
/// The runs of one experiment, or of several side by side. The view (filter, sort, page, size, columns) lives in the URL:
/// every change navigates, and a URL the user reloads, shares or goes back to restores the view (see <see cref="RunsUrlState"/>).
/// </summary>
public sealed partial class RunsView
{
    private const int DefaultColumnCount = 8;

    private List<ExperimentInfo>? _experiments;
    private Dictionary<string, string> _names = [];
    private bool _missing;
    private bool _canDelete;
    private RunPage? _page;
    private long? _total;
    private string? _error;
    private RunsUrlState _state = RunsUrlState.Default;
    private string _filter = "";
    private string? _path;
    private string? _openedFor;
    private List<RunColumn> _available = [];
    private IReadOnlyList<string> _metricKeys = [];
    private IReadOnlyDictionary<string, IReadOnlyList<RunModelLink>> _models = new Dictionary<string, IReadOnlyList<RunModelLink>>();
    private HashSet<string> _selected = [];

    /// <summary>One id for an experiment's runs; several for one table over all of them (with an Experiment column).</summary>
    [Parameter, EditorRequired]
    public IReadOnlyList<string> ExperimentIds { get; set; } = [];

    [CascadingParameter]
    private WorkspaceSession Session { get; set; } = default!;

    private bool Several => _experiments is { Count: > 1 };

    private string Title => Several ? $"Runs of {_experiments!.Count} experiments" : _experiments![0].Name;

    private List<string> Ids => _experiments!.Select(e => e.ExperimentId).ToList();

    private IReadOnlyList<RunColumn> Columns =>
        [.. RunColumn.Attributes, .. Several ? [RunColumn.Experiment] : Array.Empty<RunColumn>(), .. _state.Columns ?? _available.Take(DefaultColumnCount)];

    private List<BreadcrumbItem> Crumbs =>
    [
        new("Experiments", Sections.Url(Session.Current!)),
        new(Title, null, disabled: true),
    ];

    protected override void OnInitialized() => Navigation.LocationChanged += LocationChanged;

    protected override async Task OnParametersSetAsync()
    {
        // The router sets parameters again on every navigation within the page; only other experiments mean reopening.
        var key = string.Join(',', ExperimentIds);
        if (key == _openedFor)
            return;
        _openedFor = key;
        await OpenAsync();
    }

    private async Task OpenAsync()
    {
        (_experiments, _missing, _page, _selected) = (null, false, null, []);
        var found = new List<ExperimentInfo>();
        // The service decides what may be read: a hidden experiment answers as a missing one.
        foreach (var id in ExperimentIds.Distinct())
        {
            if (await Experiments.GetAsync(id, Aborted) is { IsSuccess: true } experiment)
                found.Add(experiment.Value);
        }
        if (found.Count == 0)
        {
            _missing = true;
            return;
        }
        var canDelete = true;
        foreach (var experiment in found)
            canDelete &= (await Experiments.PermissionAsync(experiment.ExperimentId, Aborted)).CanDelete;
        (_experiments, _canDelete) = (found, canDelete);
        _names = found.ToDictionary(e => e.ExperimentId, e => e.Name);
        // Columns from the whole experiment, read once: a key only some old run has is still a column on page 1.
        var keys = await ColumnKeys.KeysAsync(Ids, ViewType.ActiveOnly, Aborted);
        _available = keys.IsSuccess ? RunColumn.FromKeys(keys.Value) : [];
        _metricKeys = keys.IsSuccess ? keys.Value.Metrics : [];
        _path = new Uri(Navigation.Uri).AbsolutePath;
        _state = RunsUrlState.FromUri(Navigation.Uri);
        _filter = _state.Filter;
        await LoadAsync(count: true);
    }

    /// <summary>The page the state names, and with <paramref name="count"/> the total the filter matches (one SQL COUNT).</summary>
    private async Task LoadAsync(bool count)
    {
        var offset = Math.Min((long)(_state.Page - 1) * _state.PageSize, int.MaxValue);
        var token = offset > 0 ? PageToken.Create((int)offset) : null;
        List<string> orderBy = _state.Sort.OrderBy(_state.Ascending) is { } term ? [term] : [];
        var request = new RunSearchRequest(Ids, _state.Filter, ViewType.ActiveOnly, _state.PageSize, orderBy, token);
        var result = await Search.SearchAsync(request, Aborted);
        if (!result.IsSuccess)
        {
            // Old results under a new, failed filter would read as its answer: clear them.
            (_error, _page, _total) = (result.Error.Message, new RunPage([], null), null);
            return;
        }
        (_error, _page) = (null, result.Value);
        _models = await RunsModelLinks.LoadAsync(Session.Current!, Ids, _page.Runs, Registry, LoggedModels, Aborted);
        if (count)
            _total = await Search.CountAsync(request, Aborted) is { IsSuccess: true } counted ? counted.Value : null;
    }

    /// <summary>Records the view in the URL (a new history entry), then shows it.</summary>
    private async Task ChangeAsync(RunsUrlState next, bool reload = true)
    {
        var count = next.Filter != _state.Filter || _total is null;
        _state = next;
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(next.Query()));
        if (reload)
            await LoadAsync(count);
    }

    /// <summary>Back, forward, or a link to this view with other parameters: show what the URL now says.</summary>
    private void LocationChanged(object? sender, LocationChangedEventArgs e) => _ = InvokeAsync(async () =>
    {
        if (_experiments is null || new Uri(e.Location).AbsolutePath != _path)
            return;
        var next = RunsUrlState.FromUri(e.Location);
        if (next.SameAs(_state))
            return;
        var count = next.Filter != _state.Filter;
        (_state, _filter) = (next, next.Filter);
        await LoadAsync(count);
        StateHasChanged();
    });

    private async Task ApplyAsync()
    {
        _selected = [];
        await ChangeAsync(_state with { Filter = _filter.Trim(), Page = 1 });
    }

    private async Task KeyAsync(KeyboardEventArgs e)
    {
        if (e.Key == "Enter")
            await ApplyAsync();
    }

    private Task PageSizeAsync(int size) => ChangeAsync(_state with { PageSize = size, Page = 1 });

    private Task SortAsync((RunColumn Column, bool Ascending) sort) => ChangeAsync(_state with { Sort = sort.Column, Ascending = sort.Ascending, Page = 1 });

    private Task PageAsync(int page) => ChangeAsync(_state with { Page = Math.Max(1, page) });

    private Task ViewAsync(bool chart) => ChangeAsync(_state with { Chart = chart }, reload: false);

    /// <summary>The experiment's metric keys (all of them, from the server), for the chart view.</summary>
    private IReadOnlyList<string> MetricKeys => _metricKeys;

    private Task ColumnsAsync(List<RunColumn>? columns) => ChangeAsync(_state with { Columns = columns }, reload: false);

    private void Compare() =>
        Navigation.NavigateTo($"/workspaces/{Uri.EscapeDataString(Session.Current!)}/compare?runs={string.Join(',', _selected)}");

    private async Task DeleteAsync()
    {
        if (await Dialogs.ShowMessageBoxAsync("Delete runs", $"Delete {_selected.Count} run(s)? They can be restored until garbage collection.",
                yesText: "Delete", cancelText: "Cancel") != true)
            return;
        var failures = new List<string>();
        foreach (var runId in _selected)
        {
            if ((await Runs.DeleteAsync(runId, Aborted)).Error is { } error)
                failures.Add(error.Message);
        }
        var deleted = _selected.Count - failures.Count;
        if (deleted > 0)
            Snackbar.Add($"{deleted} run(s) deleted.", Severity.Success);
        foreach (var message in failures.Distinct())
            Snackbar.Add(message, Severity.Error);
        _selected = [];
        await LoadAsync(count: true);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            Navigation.LocationChanged -= LocationChanged;
        base.Dispose(disposing);
    }
}
