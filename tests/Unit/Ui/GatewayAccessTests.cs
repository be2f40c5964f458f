using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Workspaces.Data.Auth;
using Workspaces.Data.Common;
using Workspaces.Data.Errors;
using Workspaces.Data.Gateway;
using Workspaces.Tests.Unit.Infrastructure;
using Workspaces.Web.Components.Pages.Access;
using Workspaces.Web.Components.Pages.Gateway;

namespace Workspaces.Tests.Unit.Ui;

/// <summary>
/// The gateway pages for restricted users: a reader sees keys, definitions and endpoints without a write control, every
/// handler reached anyway goes to the gateway services, whose refusal the page shows (snackbar on the lists and pages,
/// inline alert in the dialogs); an editor may create and edit but not delete; an explicit denial hides a resource;
/// the permission page lists gateway grants and explains access to them.
/// </summary>
public sealed class GatewayAccessTests(DataFixture<SqliteDb> data) : RestrictedPageTests(data)
{
    private sealed record World(string Ws, GatewaySecretInfo Key, GatewayModelDefinitionDto Definition, GatewayModelDefinitionDto Spare, GatewayEndpointDto Endpoint)
    {
        public GatewayUiArrange Arrange { get; init; } = default!;
    }

    /// <summary>A key, a definition an endpoint uses, a spare definition, and a user with <paramref name="level"/> on the workspace signed in.</summary>
    private async Task<World> ArrangeAsync(string level = "READ")
    {
        var ws = await NewWorkspaceAsync("gwacl");
        var arrange = new GatewayUiArrange(Data, ws);
        var (key, definition, endpoint) = await arrange.ChainAsync();
        var spare = await arrange.DefinitionAsync("spare", key.SecretId, "gpt-4o");
        SignIn(await NewUserAsync(ws, level));
        return new World(ws, key, definition, spare, endpoint) { Arrange = arrange };
    }

    private IRenderedComponent<GatewayPage> Open(string ws)
    {
        var page = Render<GatewayPage>(p => p.Add(x => x.Ws, ws));
        page.WaitForElement("#gateway-tabs");
        return page;
    }

    private static async Task TabAsync(IRenderedComponent<GatewayPage> page, string title, string list)
    {
        await page.FindAll(".mud-tab").Single(t => t.TextContent.Trim() == title).ClickAsync(new());
        page.WaitForElement(list);
    }

    private IRenderedComponent<EndpointPage> OpenEndpoint(World world)
    {
        var page = Render<EndpointPage>(p => p.Add(x => x.Ws, world.Ws).Add(x => x.EndpointId, world.Endpoint.EndpointId));
        page.WaitForElement("#endpoint-title");
        return page;
    }

    /// <summary>The row buttons of the visible list, by their labels' first word (Rotate, Edit, Delete, Detach).</summary>
    private static List<string> RowActions<T>(IRenderedComponent<T> page)
        where T : Microsoft.AspNetCore.Components.IComponent =>
        page.FindAll("button[aria-label]").Select(b => b.GetAttribute("aria-label")!.Split(' ')[0])
            .Where(a => a is "Rotate" or "Edit" or "Delete" or "Detach").ToList();

    [Fact]
    public async Task A_reader_sees_keys_definitions_and_endpoints_without_any_write_control()
    {
        var world = await ArrangeAsync();
        var page = Open(world.Ws);

        page.WaitForElement("#key-list");
        Assert.Empty(page.FindAll("#create-key"));
        Assert.Empty(RowActions(page));
        await TabAsync(page, "Model definitions", "#definition-list");
        Assert.Empty(page.FindAll("#create-definition"));
        Assert.Empty(RowActions(page));
        await TabAsync(page, "Endpoints", "#endpoint-list");
        Assert.Empty(page.FindAll("#create-endpoint"));
        Assert.Empty(RowActions(page));

        var endpoint = OpenEndpoint(world);
        foreach (var id in new[] { "#endpoint-edit", "#endpoint-delete", "#endpoint-attach", "#endpoint-tags-add", "#playground-send" })
            Assert.Empty(endpoint.FindAll(id));
        Assert.Empty(RowActions(endpoint));
        Assert.Contains("needs USE", endpoint.Find("#playground-no-use").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Key_actions_reached_anyway_are_refused_by_the_service_with_a_message_each()
    {
        var world = await ArrangeAsync();
        var list = Open(world.Ws).FindComponent<ApiKeyList>();

        var creating = CallAsync(list, "CreateAsync");
        Dialogs.WaitForElement("#key-name-input").Input("not-allowed");
        Dialogs.Find("#key-secret-value-0").Input("sk-not-allowed-0000");
        await Dialogs.Find("#key-create-submit").ClickAsync(new());
        RefusedIn("key-create-error");
        await AnswerAsync("Cancel");
        await creating;

        var rotating = CallAsync(list, "RotateAsync", world.Key);
        Dialogs.WaitForElement("#key-rotate-value-0").Input("sk-not-allowed-1111");
        await Dialogs.Find("#key-rotate-submit").ClickAsync(new());
        RefusedIn("key-rotate-error");
        await AnswerAsync("Cancel");
        await rotating;

        var deleting = CallAsync(list, "DeleteAsync", world.Key);
        await AnswerAsync("Delete");
        await deleting;
        Refused(1);

        var keys = await world.Arrange.WithAsync<GatewaySecretService, Result<IReadOnlyList<GatewaySecretInfo>>>(s => s.ListAsync(null, Ct));
        var stored = Assert.Single(keys.Value);
        Assert.Equal(world.Key.MaskedValues, stored.MaskedValues);
    }

    [Fact]
    public async Task Definition_and_endpoint_actions_reached_anyway_are_refused_by_the_service()
    {
        var world = await ArrangeAsync();
        var page = Open(world.Ws);
        await TabAsync(page, "Model definitions", "#definition-list");
        var definitions = page.FindComponent<ModelDefinitionList>();

        var editing = CallAsync(definitions, "EditAsync", world.Definition);
        Dialogs.WaitForElement("#definition-model-input").Input("gpt-5");
        await Dialogs.Find("#definition-submit").ClickAsync(new());
        RefusedIn("definition-error");
        await AnswerAsync("Cancel");
        await editing;
        var deleting = CallAsync(definitions, "DeleteAsync", world.Spare);
        await AnswerAsync("Delete");
        await deleting;
        Refused(1);

        var endpoint = OpenEndpoint(world);
        var detail = endpoint.FindComponent<EndpointDetail>();
        var attaching = CallAsync(endpoint.FindComponent<EndpointMappings>(), "AttachAsync");
        await Dialogs.WaitForElement("#attach-submit").ClickAsync(new());
        RefusedIn("attach-error");
        await AnswerAsync("Cancel");
        await attaching;
        var detaching = CallAsync(endpoint.FindComponent<EndpointMappings>(), "DetachAsync", world.Endpoint.ModelMappings[0]);
        await AnswerAsync("Detach");
        await detaching;
        Refused(2);
        await CallAsync(detail, "SetTagAsync", "team", "search");
        Refused(3);
        var removing = CallAsync(detail, "DeleteAsync");
        await AnswerAsync("Delete");
        await removing;
        Refused(4);
        // Invoking needs USE: the invoker refuses a reader before any provider is called.
        var playground = endpoint.FindComponent<EndpointPlayground>();
        SetField(playground, "_input", "hello");
        await CallAsync(playground, "SendAsync");
        endpoint.WaitForAssertion(() => Assert.Equal(Authorizer.ForbiddenMessage, endpoint.Find("#playground-error").TextContent.Trim()));

        var stored = await world.Arrange.GetEndpointAsync(world.Endpoint.EndpointId);
        Assert.Equal([world.Definition.ModelDefinitionId], stored.ModelMappings.Select(m => m.ModelDefinitionId));
        Assert.Empty(stored.Tags);
        var spare = await world.Arrange.WithAsync<GatewayModelDefinitionService, Result<GatewayModelDefinitionDto>>(s => s.GetAsync(world.Spare.ModelDefinitionId, Ct));
        Assert.True(spare.IsSuccess);
        Assert.Equal("gpt-4o-mini", (await world.Arrange.WithAsync<GatewayModelDefinitionService, Result<GatewayModelDefinitionDto>>(
            s => s.GetAsync(world.Definition.ModelDefinitionId, Ct))).Value.ModelName);
    }

    [Fact]
    public async Task An_editor_may_create_and_edit_but_not_delete()
    {
        var world = await ArrangeAsync("EDIT");
        var page = Open(world.Ws);

        page.WaitForElement("#create-key");
        Assert.Equal(["Rotate"], RowActions(page));
        await TabAsync(page, "Model definitions", "#definition-list");
        Assert.Single(page.FindAll("#create-definition"));
        Assert.Equal(["Edit", "Edit"], RowActions(page));
        await TabAsync(page, "Endpoints", "#endpoint-list");
        Assert.Single(page.FindAll("#create-endpoint"));
        Assert.Equal(["Edit"], RowActions(page));

        var endpoint = OpenEndpoint(world);
        Assert.Single(endpoint.FindAll("#endpoint-edit"));
        Assert.Single(endpoint.FindAll("#endpoint-attach"));
        Assert.Empty(endpoint.FindAll("#endpoint-delete"));
    }

    [Fact]
    public async Task A_member_is_told_that_new_keys_are_refused_but_not_which_passphrase_is_in_use()
    {
        var world = await ArrangeAsync("EDIT");
        Services.GetRequiredService<GatewaySettings>().PublicBind = true;
        var page = Open(world.Ws);

        Assert.Contains("until an administrator sets", page.Find("#gateway-keys-refused").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("#gateway-passphrase-banner"));
        Assert.True(page.Find("#create-key").HasAttribute("disabled"));
    }

    [Fact]
    public async Task An_endpoint_the_user_is_denied_is_left_out_of_the_list_and_its_page_says_not_found()
    {
        var world = await ArrangeAsync();
        var open = await world.Arrange.EndpointAsync("open", world.Spare.ModelDefinitionId);
        var reader = Services.GetRequiredService<AccessContext>().Username!;
        var denied = await world.Arrange.WithAsync<GatewayGrantService, Result<GatewayGrant>>(
            s => s.CreateAsync(GatewayResource.Endpoint, world.Endpoint.EndpointId, reader, Permission.None.Name, Ct));
        Assert.True(denied.IsSuccess, denied.Error?.Message);

        var page = Open(world.Ws);
        await TabAsync(page, "Endpoints", "#endpoint-list");
        Assert.Equal([open.Name], page.FindAll(".endpoint-name").Select(e => e.TextContent.Trim()));

        var detail = Render<EndpointPage>(p => p.Add(x => x.Ws, world.Ws).Add(x => x.EndpointId, world.Endpoint.EndpointId));
        detail.WaitForElement("#endpoint-not-found");
    }

    [Fact]
    public async Task The_permission_page_lists_gateway_grants_and_explains_access_to_an_endpoint()
    {
        var world = await ArrangeAsync();
        var reader = Services.GetRequiredService<AccessContext>().Username!;
        var granted = await world.Arrange.WithAsync<GatewayGrantService, Result<GatewayGrant>>(
            s => s.CreateAsync(GatewayResource.Endpoint, world.Endpoint.EndpointId, reader, Permission.Use.Name, Ct));
        Assert.True(granted.IsSuccess, granted.Error?.Message);
        SignIn(await AddUserAsync("boss", admin: true));

        var page = Render<PermissionsPage>(p => p.Add(x => x.Ws, world.Ws));
        page.WaitForElement("#resource-grants");
        var row = page.FindAll("#resource-grants tbody tr").Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToList()).Single();
        List<string> expected = [reader, "gateway endpoint", world.Endpoint.Name, "USE"];
        Assert.Equal(expected, row);
        Assert.Equal($"/workspaces/{world.Ws}/gateway/endpoints/{world.Endpoint.EndpointId}", page.Find("#resource-grants a").GetAttribute("href"));

        SetField(page.FindComponent<ExplainAccess>(), "_kind", nameof(GatewayResource.Endpoint));
        page.Find("#explain-user").Input(reader);
        page.Find("#explain-resource").Input(world.Endpoint.Name);
        await page.Find("#explain-run").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Equal("USE: explicit grant on this resource (wins over the workspace grant)", page.Find("#explain-effective").TextContent.Trim()));

        page.Find("#explain-resource").Input("no-such-endpoint");
        await page.Find("#explain-run").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Equal("No gateway endpoint named 'no-such-endpoint' in this workspace", page.Find("#explain-error").TextContent.Trim()));
    }
}
