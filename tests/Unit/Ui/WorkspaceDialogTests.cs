using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Workspaces.Data.Common;
using Workspaces.Data.Tenancy;
using Workspaces.Data.Workspaces;
using Workspaces.Tests.Unit.Infrastructure;
using Workspaces.Web.Components.Pages.Catalog;

namespace Workspaces.Tests.Unit.Ui;

/// <summary>The workspace dialogs check as the API does, with its messages, before anything is sent.</summary>
public sealed class WorkspaceDialogTests(DataFixture<SqliteDb> data) : UiTestContext(data), IClassFixture<DataFixture<SqliteDb>>
{
    private async Task<IRenderedComponent<MudDialogProvider>> OpenAsync<TDialog>(DialogParameters<TDialog>? parameters = null)
        where TDialog : Microsoft.AspNetCore.Components.IComponent
    {
        var provider = Render<MudDialogProvider>();
        var dialogs = Services.GetRequiredService<IDialogService>();
        await provider.InvokeAsync(() => dialogs.ShowAsync<TDialog>("test", parameters ?? []));
        return provider;
    }

    [Theory]
    [InlineData("Team-A", "may use only lower-case letters, digits and single hyphens")]
    [InlineData("default", "The 'default' workspace is reserved and cannot be created")]
    [InlineData("a--b", "may use only lower-case letters")]
    [InlineData("x", "must be between 2 and 63 characters")]
    [InlineData("api", "is reserved")]
    public async Task The_create_dialog_shows_the_api_message_as_the_name_is_typed(string name, string message)
    {
        var provider = await OpenAsync<WorkspaceFormDialog>();
        provider.Find("#ws-name").Input(name);
        var expected = new WorkspaceServiceProbe(Services).CreateMessage(name);
        Assert.Contains(message, expected, StringComparison.Ordinal);
        provider.WaitForAssertion(() => Assert.Contains(expected, provider.Markup, StringComparison.Ordinal));
        Assert.DoesNotContain(WorkspaceNameValidator.Pattern, provider.Markup, StringComparison.Ordinal); // the rule in words, never the regex
        Assert.True(provider.Find("#ws-submit").HasAttribute("disabled"));
    }

    [Fact]
    public async Task A_valid_name_creates_the_workspace_and_a_taken_one_shows_the_server_message()
    {
        var name = $"ui-{Guid.NewGuid():N}"[..12];
        var provider = await OpenAsync<WorkspaceFormDialog>();
        provider.Find("#ws-name").Input(name);
        provider.Find("#ws-description").Input("Made in a dialog");
        provider.WaitForAssertion(() => Assert.False(provider.Find("#ws-submit").HasAttribute("disabled")));
        await provider.Find("#ws-submit").ClickAsync(new());
        var created = await WithAsync<WorkspaceService, Workspaces.Data.Errors.Result<WorkspaceInfo>>(s => s.GetAsync(name, Ct));
        Assert.Equal("Made in a dialog", created.Value.Description);

        // The same name again: the server's answer appears in the dialog.
        var dialogs = Services.GetRequiredService<IDialogService>();
        await provider.InvokeAsync(() => dialogs.ShowAsync<WorkspaceFormDialog>("again"));
        provider.WaitForAssertion(() => Assert.Single(provider.FindAll("#ws-name")));
        provider.Find("#ws-name").Input(name);
        await provider.Find("#ws-submit").ClickAsync(new());
        provider.WaitForAssertion(() => Assert.Equal($"Workspace '{name}' already exists.", provider.Find("#ws-error").TextContent.Trim()));
    }

    [Fact]
    public async Task The_delete_dialog_shows_the_contents_and_needs_the_typed_name()
    {
        var name = $"del-{Guid.NewGuid():N}"[..12];
        await WithAsync<WorkspaceService, Workspaces.Data.Errors.Result<WorkspaceInfo>>(s => s.CreateAsync(new CreateWorkspace(name), Ct));
        await using (var db = Data.Db(name))
            await db.AddExperimentAsync(name, "kept");
        var provider = await OpenAsync(new DialogParameters<DeleteWorkspaceDialog> { { d => d.Name, name } });
        provider.WaitForAssertion(() => Assert.Contains("1 experiment(s)", provider.Find("#delete-contents").TextContent, StringComparison.Ordinal));
        Assert.True(provider.Find("#delete-submit").HasAttribute("disabled"));
        provider.Find("#delete-confirm").Input(name);
        provider.WaitForAssertion(() => Assert.False(provider.Find("#delete-submit").HasAttribute("disabled")));
        await provider.Find("#delete-submit").ClickAsync(new());
        // RESTRICT (the default choice) refuses a workspace that still holds something.
        provider.WaitForAssertion(() => Assert.Contains("still contains", provider.Find("#delete-error").TextContent, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Deleting_an_empty_workspace_needs_no_typed_name()
    {
        var name = $"emp-{Guid.NewGuid():N}"[..12];
        await WithAsync<WorkspaceService, Workspaces.Data.Errors.Result<WorkspaceInfo>>(s => s.CreateAsync(new CreateWorkspace(name), Ct));
        var provider = await OpenAsync(new DialogParameters<DeleteWorkspaceDialog> { { d => d.Name, name } });
        provider.WaitForAssertion(() => Assert.False(provider.Find("#delete-submit").HasAttribute("disabled")));
        Assert.Empty(provider.FindAll("#delete-confirm"));
        await provider.Find("#delete-submit").ClickAsync(new());
        provider.WaitForAssertion(() => Assert.Empty(provider.FindAll("#delete-submit"))); // the dialog closed on success
        Assert.False((await WithAsync<WorkspaceService, Workspaces.Data.Errors.Result<WorkspaceInfo>>(s => s.GetAsync(name, Ct))).IsSuccess);
    }

    private Task<IRenderedComponent<MudDialogProvider>> OpenAsync(DialogParameters<DeleteWorkspaceDialog> parameters) => OpenAsync<DeleteWorkspaceDialog>(parameters);

    private sealed class WorkspaceServiceProbe(IServiceProvider services)
    {
        public string CreateMessage(string name) =>
            services.GetRequiredService<WorkspaceService>().ValidateCreate(new CreateWorkspace(name)) is { } error ? WorkspaceNameValidator.InWords(error, name) : "";
    }
}
