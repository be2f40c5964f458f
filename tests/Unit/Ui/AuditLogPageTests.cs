using Bunit;
using MudBlazor;
using Workspaces.Data.Auth;
using Workspaces.Data.Tenancy;
using Workspaces.Data.Workspaces;
using Workspaces.Tests.Unit.Infrastructure;
using Workspaces.Web.Components.Pages.Admin;

namespace Workspaces.Tests.Unit.Ui;

/// <summary>The audit log filters and pages with the service's tokens; the events come from real service calls.</summary>
public sealed class AuditLogPageTests(DataFixture<SqliteDb> data) : UiTestContext(data, authEnabled: true), IClassFixture<DataFixture<SqliteDb>>
{
    /// <summary>A workspace with five events: its creation, then four updates (newest first: d4, d3, d2, d1, create).</summary>
    private async Task<string> WorkspaceWithHistoryAsync()
    {
        var name = $"aud-{Guid.NewGuid():N}"[..12];
        await WithAsync<WorkspaceService, Workspaces.Data.Errors.Result<WorkspaceInfo>>(s => s.CreateAsync(new CreateWorkspace(name, "d0"), Ct));
        for (var i = 1; i <= 4; i++)
        {
            var description = $"d{i}";
            await WithAsync<WorkspaceService, Workspaces.Data.Errors.Result<WorkspaceInfo>>(s => s.UpdateAsync(new UpdateWorkspace(name, description), Ct));
        }
        return name;
    }

    private static List<string> Column(IRenderedComponent<AuditLogPage> page, string cell) =>
        page.FindAll($".audit-row .{cell}").Select(c => c.TextContent.Trim()).ToList();

    [Fact]
    public async Task A_non_admin_sees_the_admins_only_state()
    {
        SignIn(await AddUserAsync("viewer"));
        var page = Render<AuditLogPage>();
        Assert.Single(page.FindAll("#admins-only"));
        Assert.Empty(page.FindAll("#audit-list"));
    }

    [Fact]
    public async Task Filtering_by_workspace_pages_forward_and_back_with_the_service_tokens()
    {
        var name = await WorkspaceWithHistoryAsync();
        await WorkspaceWithHistoryAsync(); // noise the filter must hide
        SignIn(await AddUserAsync("auditor", admin: true));
        RenderProviders();
        var page = Render<AuditLogPage>(p => p.Add(x => x.PageSize, 2));
        page.WaitForElement("#audit-list");

        page.Find("#audit-workspace").Input(name);
        await page.Find("#audit-apply").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Equal([name, name], Column(page, "audit-workspace")));
        Assert.Equal(["workspace.update", "workspace.update"], Column(page, "audit-action"));
        Assert.Contains("\"d4\"", Column(page, "audit-change")[0], StringComparison.Ordinal);
        Assert.True(page.Find("#audit-previous").HasAttribute("disabled"));

        await page.Find("#audit-next").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Equal("Page 2", page.Find("#audit-page-number").TextContent.Trim()));
        Assert.Contains("\"d2\"", Column(page, "audit-change")[0], StringComparison.Ordinal);

        await page.Find("#audit-next").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Equal(["workspace.create"], Column(page, "audit-action")));
        Assert.True(page.Find("#audit-next").HasAttribute("disabled"));

        await page.Find("#audit-previous").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Equal("Page 2", page.Find("#audit-page-number").TextContent.Trim()));
        Assert.Contains("\"d2\"", Column(page, "audit-change")[0], StringComparison.Ordinal);
        await page.Find("#audit-previous").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Contains("\"d4\"", Column(page, "audit-change")[0], StringComparison.Ordinal));
        Assert.True(page.Find("#audit-previous").HasAttribute("disabled"));
    }

    [Fact]
    public async Task A_row_expands_to_the_indented_before_and_after()
    {
        var name = await WorkspaceWithHistoryAsync();
        var newest = (await WithAsync<AuditService, Workspaces.Data.Errors.Result<AuditPage>>(
            s => s.QueryAsync(new AuditQuery(name, null, null, null, 1, null), Ct))).Value.Events.Single();
        SignIn(await AddUserAsync("reader", admin: true));
        RenderProviders();
        var page = Render<AuditLogPage>();
        page.Find("#audit-workspace").Input(name);
        await page.Find("#audit-apply").ClickAsync(new());

        await page.WaitForElement($"#audit-expand-{newest.Id}").ClickAsync(new());
        var detail = page.WaitForElement($"#audit-detail-{newest.Id}");
        var sides = detail.QuerySelectorAll(".audit-json").Select(e => e.TextContent).ToList();
        Assert.Equal(2, sides.Count);
        Assert.Contains("\"Description\": \"d3\"", sides[0], StringComparison.Ordinal);
        Assert.Contains("\"Description\": \"d4\"", sides[1], StringComparison.Ordinal);
        Assert.Contains('\n', sides[1]);
    }

    [Fact]
    public async Task Actor_and_date_filters_narrow_the_list_and_a_reversed_range_is_refused()
    {
        var name = await WorkspaceWithHistoryAsync();
        SignIn(await AddUserAsync("dates", admin: true));
        RenderProviders();
        var page = Render<AuditLogPage>();
        page.Find("#audit-actor").Input("nobody-did-this");
        await page.Find("#audit-apply").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Contains("No audit events match", page.Find("#audit-empty").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("#audit-list"));

        // The service scopes record as "system": auth is not bound there.
        page.Find("#audit-actor").Input("system");
        page.Find("#audit-workspace").Input(name);
        var today = DateTime.UtcNow.Date;
        await SetDatesAsync(page, today.AddDays(1), null);
        await page.Find("#audit-apply").ClickAsync(new());
        page.WaitForElement("#audit-empty");

        await SetDatesAsync(page, today, today);
        await page.Find("#audit-apply").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Equal(5, Column(page, "audit-workspace").Count));

        await SetDatesAsync(page, today, today.AddDays(-1));
        await page.Find("#audit-apply").ClickAsync(new());
        page.WaitForElement("#audit-filter-problem");
        Assert.Equal(5, Column(page, "audit-workspace").Count);
    }

    private static async Task SetDatesAsync(IRenderedComponent<AuditLogPage> page, DateTime? from, DateTime? to)
    {
        // What picking a day in the calendar raises; the calendar popup itself is MudBlazor's.
        var pickers = page.FindComponents<MudDatePicker>();
        await page.InvokeAsync(() => pickers[0].Instance.DateChanged.InvokeAsync(from));
        await page.InvokeAsync(() => pickers[1].Instance.DateChanged.InvokeAsync(to));
    }
}
