using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Workspaces.Data.Auth;

namespace Workspaces.Tests.Unit.Infrastructure;

/// <summary>
/// Base of the bUnit tests that act as a restricted user on interactive pages (issue 13): the providers MainLayout holds,
/// the snackbar where a page shows a service's refusal, and the helpers to answer dialogs and count refusals.
/// </summary>
public abstract class RestrictedPageTests : UiTestContext, IClassFixture<DataFixture<SqliteDb>>
{
    protected RestrictedPageTests(DataFixture<SqliteDb> data)
        : base(data, authEnabled: true)
    {
        SetRendererInfo(new RendererInfo("Server", isInteractive: true)); // the pages sit behind WorkspaceGate
        Dialogs = RenderProviders();
        Snackbars = Render<MudSnackbarProvider>();
        // Every refusal is counted, also a second one with the same words.
        Services.GetRequiredService<ISnackbar>().Configuration.PreventDuplicates = false;
    }

    protected IRenderedComponent<MudDialogProvider> Dialogs { get; }

    protected IRenderedComponent<MudSnackbarProvider> Snackbars { get; }

    /// <summary>The page showed the service's refusal at least once.</summary>
    protected void ShowsRefusal() =>
        Snackbars.WaitForAssertion(() => Assert.Contains(Authorizer.ForbiddenMessage, Snackbars.Markup, StringComparison.Ordinal));

    /// <summary>The page showed the service's refusal exactly this many times.</summary>
    protected void Refused(int times) =>
        Snackbars.WaitForAssertion(() => Assert.Equal(times,
            Snackbars.FindAll(".mud-snackbar").Count(s => s.TextContent.Contains(Authorizer.ForbiddenMessage, StringComparison.Ordinal))));

    /// <summary>A dialog showed the refusal inline, in the alert with this id.</summary>
    protected void RefusedIn(string alertId) =>
        Dialogs.WaitForAssertion(() => Assert.Equal(Authorizer.ForbiddenMessage, Dialogs.Find($"#{alertId}").TextContent.Trim()));

    /// <summary>Clicks a button of the open dialog or message box by its text.</summary>
    protected async Task AnswerAsync(string text)
    {
        Dialogs.WaitForAssertion(() => Assert.Contains(Dialogs.FindAll(".mud-dialog button"), b => b.TextContent.Trim() == text));
        await Dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == text).ClickAsync(new());
    }

    /// <summary>Opens a dialog as a page would, into <see cref="Dialogs"/>.</summary>
    protected async Task ShowAsync<TDialog>(DialogParameters<TDialog> parameters)
        where TDialog : IComponent
    {
        var dialogs = Services.GetRequiredService<IDialogService>();
        await Dialogs.InvokeAsync(() => dialogs.ShowAsync<TDialog>("test", parameters));
    }
}
