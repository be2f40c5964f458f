using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;
using Workspaces.Data.Common;
using Workspaces.Data.Tracing;
using Workspaces.Data.Tracking;
using Workspaces.Web.Components.Shell;

namespace Workspaces.Web.Components.Pages.Traces;

/// <summary>
/// The traces of one experiment. As in the runs view, the view (filter, sort, page) lives in the URL: every change
/// navigates, and a reload, a shared link or Back restores it (see <see cref="TracesUrlState"/>).
/// </summary>
public sealed partial class TracesView
{
    private ExperimentInfo? _experiment;
    private bool _missing;
    private TracePage? _page;
    private string? _error;
    private TracesUrlState _state = TracesUrlState.Default;
    private string _filter = "";
    private string? _path;
    private string? _openedFor;

    [Parameter, EditorRequired]
    public string ExperimentId { get; set; } = "";

    [CascadingParameter]
    private WorkspaceSession Session { get; set; } = default!;

    private List<BreadcrumbItem> Crumbs =>
    [
        new("Experiments", Sections.Url(Session.Current!)),
        new(_experiment!.Name, $"{Sections.Url(Session.Current!)}/{Uri.EscapeDataString(ExperimentId)}"),
        new("Traces", null, disabled: true),
    ];

    protected override void OnInitialized() => Navigation.LocationChanged += LocationChanged;

    protected override async Task OnParametersSetAsync()
    {
        if (ExperimentId == _openedFor)
            return;
        _openedFor = ExperimentId;
        (_experiment, _missing, _page) = (null, false, null);
        // The service decides what may be read: a hidden experiment answers as a missing one.
        if (await Experiments.GetAsync(ExperimentId, Aborted) is not { IsSuccess: true } found)
        {
            _missing = true;
            return;
        }
        _experiment = found.Value;
        _path = new Uri(Navigation.Uri).AbsolutePath;
        _state = TracesUrlState.FromUri(Navigation.Uri);
        _filter = _state.Filter;
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        var offset = Math.Min((long)(_state.Page - 1) * TracesUrlState.PageSize, int.MaxValue);
        var token = offset > 0 ? PageToken.Create((int)offset) : null;
        var request = new TraceSearchRequest([ExperimentId], _state.Filter, TracesUrlState.PageSize, _state.OrderBy(), token);
        var result = await Search.SearchAsync(request, Aborted);
        // Old results under a new, failed filter would read as its answer: clear them.
        (_error, _page) = result.IsSuccess ? (null, result.Value) : (result.Error.Message, new TracePage([], null));
    }

    private async Task ChangeAsync(TracesUrlState next)
    {
        _state = next;
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(next.Query()));
        await LoadAsync();
    }

    private void LocationChanged(object? sender, LocationChangedEventArgs e) => _ = InvokeAsync(async () =>
    {
        if (_experiment is null || new Uri(e.Location).AbsolutePath != _path)
            return;
        var next = TracesUrlState.FromUri(e.Location);
        if (next == _state)
            return;
        (_state, _filter) = (next, next.Filter);
        await LoadAsync();
        StateHasChanged();
    });

    private Task ApplyAsync() => ChangeAsync(_state with { Filter = _filter.Trim(), Page = 1 });

    private async Task KeyAsync(KeyboardEventArgs e)
    {
        if (e.Key == "Enter")
            await ApplyAsync();
    }

    private Task SortAsync((string Key, bool Ascending) sort) => ChangeAsync(_state with { Sort = sort.Key, Ascending = sort.Ascending, Page = 1 });

    private Task PageAsync(int page) => ChangeAsync(_state with { Page = Math.Max(1, page) });

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            Navigation.LocationChanged -= LocationChanged;
        base.Dispose(disposing);
    }
}
