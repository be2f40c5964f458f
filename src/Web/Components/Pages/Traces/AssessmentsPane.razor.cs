using Microsoft.AspNetCore.Components;
using MudBlazor;
using Workspaces.Data.Auth;
using Workspaces.Data.Tracing;

namespace Workspaces.Web.Components.Pages.Traces;

/// <summary>The assessments pane's actions, each through <see cref="AssessmentService"/>.</summary>
public sealed partial class AssessmentsPane
{
    private string _type = "feedback";
    private string _name = "";
    private string _value = "";
    private string _rationale = "";
    private string? _overrides;

    [Inject]
    private AssessmentService Service { get; set; } = default!;

    [Inject]
    private AccessContext Access { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Parameter, EditorRequired]
    public string TraceId { get; set; } = "";

    [Parameter, EditorRequired]
    public IReadOnlyList<AssessmentDto> Assessments { get; set; } = [];

    [Parameter]
    public bool CanEdit { get; set; }

    [Parameter]
    public EventCallback Changed { get; set; }

    /// <summary>An override is a new assessment of the same name and kind that replaces the old one (which stays, invalid).</summary>
    private void StartOverride(AssessmentDto old) =>
        (_overrides, _type, _name, _value, _rationale) = (old.AssessmentId, old.Type, old.Name, SpanContent.Value(old.ValueJson), "");

    private void Reset() => (_overrides, _name, _value, _rationale) = (null, "", "", "");

    private async Task SaveAsync()
    {
        var input = new AssessmentInput(_name.Trim(), TraceId, null, "HUMAN", Access.Username ?? "anonymous", _type, SpanContent.ToJson(_value),
            null, null, string.IsNullOrWhiteSpace(_rationale) ? null : _rationale.Trim(), null, _overrides, null, null);
        var result = await Service.CreateAsync(TraceId, input, Aborted);
        if (!result.IsSuccess)
        {
            Snackbar.Add(result.Error.Message, Severity.Error);
            return;
        }
        Reset();
        await Changed.InvokeAsync();
    }

    private async Task DeleteAsync(string assessmentId)
    {
        var result = await Service.DeleteAsync(TraceId, assessmentId, Aborted);
        if (!result.IsSuccess)
            Snackbar.Add(result.Error.Message, Severity.Error);
        await Changed.InvokeAsync();
    }
}
