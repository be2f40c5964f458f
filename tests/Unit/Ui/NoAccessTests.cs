using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Workspaces.Data.Auth;
using Workspaces.Tests.Unit.Infrastructure;
using Workspaces.Web.Components.Shell;

namespace Workspaces.Tests.Unit.Ui;

/// <summary>Without auth nobody has grants: an unreachable workspace can only be one that does not exist.</summary>
public sealed class NoAccessTests(DataFixture<SqliteDb> data) : UiTestContext(data), IClassFixture<DataFixture<SqliteDb>>
{
    [Fact]
    public void With_auth_off_it_says_the_workspace_does_not_exist_and_talks_of_no_grants()
    {
        var page = Render<NoAccess>(p => p.Add(x => x.Workspace, "ghost"));
        Assert.Contains("Workspace 'ghost' does not exist", page.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("grant", page.Markup, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("manager", page.Markup, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_missing_model_with_auth_off_is_only_missing()
    {
        var page = Render<Workspaces.Web.Components.Pages.ModelRegistry.RegistryNotFound>(p => p
            .Add(x => x.Id, "model-not-found").Add(x => x.Title, "Model not found").Add(x => x.Name, "ghost").Add(x => x.BackHref, "/").Add(x => x.BackText, "All models"));
        Assert.Contains("'ghost' does not exist in this workspace.", page.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("grant", page.Markup, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_permissions_page_with_auth_off_says_there_is_nothing_to_grant()
    {
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", true)); // the page sits behind WorkspaceGate
        var ws = await NewWorkspaceAsync("noauth");
        var page = Render<Workspaces.Web.Components.Pages.Access.PermissionsPage>(p => p.Add(x => x.Ws, ws));
        page.WaitForElement("#permissions-auth-off");
        Assert.Empty(page.FindAll("#permission-grid"));
        Assert.DoesNotContain("manager", page.Markup, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void With_auth_on_it_names_both_reasons()
    {
        Services.GetRequiredService<AuthSettings>().Enabled = true;
        var page = Render<NoAccess>(p => p.Add(x => x.Workspace, "ghost"));
        Assert.Contains("No access to workspace 'ghost'", page.Markup, StringComparison.Ordinal);
        Assert.Contains("grant", page.Markup, StringComparison.Ordinal);
    }
}
