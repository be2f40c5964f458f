using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Workspaces.Data.Gateway;
using Workspaces.Tests.Unit.Infrastructure;
using Workspaces.Web.Components.Pages.Gateway;

namespace Workspaces.Tests.Unit.Ui;

/// <summary>
/// The gateway pages for an admin: API keys, model definitions and endpoints made through the dialogs and listed with
/// only the masked form of a key; the endpoint page's mappings, tags, attach and detach; the service's refusals as
/// messages; the banner about MLflow's development passphrase. The playground is in <see cref="GatewayPagesPlaygroundTests"/>.
/// </summary>
public sealed class GatewayPagesTests(DataFixture<SqliteDb> data) : RestrictedPageTests(data)
{
    private const string Plaintext = "sk-test-PLAINTEXT-9876";

    private static List<string> Texts<T>(IRenderedComponent<T> page, string selector)
        where T : Microsoft.AspNetCore.Components.IComponent =>
        page.FindAll(selector).Select(e => e.TextContent.Trim()).ToList();

    private async Task<string> AdminWorkspaceAsync()
    {
        var ws = await NewWorkspaceAsync("gw");
        SignIn(await AddUserAsync("admin", admin: true));
        return ws;
    }

    private IRenderedComponent<GatewayPage> Open(string ws)
    {
        var page = Render<GatewayPage>(p => p.Add(x => x.Ws, ws));
        page.WaitForElement("#gateway-tabs");
        return page;
    }

    private static async Task TabAsync(IRenderedComponent<GatewayPage> page, string title) =>
        await page.FindAll(".mud-tab").Single(t => t.TextContent.Trim() == title).ClickAsync(new());

    private void NoPlaintextAnywhere(IRenderedComponent<GatewayPage> page)
    {
        Assert.DoesNotContain("PLAINTEXT", page.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("PLAINTEXT", Dialogs.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("PLAINTEXT", Snackbars.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_creates_a_key_a_definition_and_an_endpoint_through_the_dialogs_and_sees_only_masked_values()
    {
        var ws = await AdminWorkspaceAsync();
        var page = Open(ws);
        page.WaitForElement("#key-empty");

        // A button that opens a dialog finishes when the dialog closes: started here, awaited after the dialog is answered.
        var creatingKey = page.Find("#create-key").ClickAsync(new());
        Dialogs.WaitForElement("#key-name-input").Input("openai-prod");
        Assert.True(Dialogs.Find("#key-create-submit").HasAttribute("disabled")); // no value typed yet
        Assert.Equal("password", Dialogs.Find("#key-secret-value-0").GetAttribute("type"));
        Dialogs.Find("#key-secret-value-0").Input(Plaintext);
        await Dialogs.Find("#key-setting-add").ClickAsync(new());
        Dialogs.Find("#key-setting-key-0").Input("api_base");
        Dialogs.Find("#key-setting-value-0").Input("http://127.0.0.1:8000/v1");
        await Dialogs.Find("#key-create-submit").ClickAsync(new());
        await creatingKey;

        page.WaitForAssertion(() => Assert.Equal(["openai-prod"], Texts(page, ".key-name")));
        Assert.Equal(["api_key: sk-...9876"], Texts(page, ".key-masked"));
        Assert.Equal(["openai"], Texts(page, ".key-provider"));
        Assert.Contains("api_base=http://127.0.0.1:8000/v1", page.Find("#key-list").TextContent, StringComparison.Ordinal);
        NoPlaintextAnywhere(page);

        await TabAsync(page, "Model definitions");
        page.WaitForElement("#definition-empty");
        var creatingDefinition = page.Find("#create-definition").ClickAsync(new());
        Dialogs.WaitForElement("#definition-name-input").Input("gpt-small");
        Dialogs.Find("#definition-model-input").Input("gpt-4o-mini");
        await Dialogs.Find("#definition-submit").ClickAsync(new()); // the only key is preselected
        await creatingDefinition;
        page.WaitForAssertion(() => Assert.Equal(["gpt-small"], Texts(page, ".definition-name")));
        Assert.Equal(["gpt-4o-mini"], Texts(page, ".definition-model"));
        Assert.Equal(["openai-prod"], Texts(page, ".definition-key"));

        await TabAsync(page, "Endpoints");
        page.WaitForElement("#endpoint-empty");
        var creatingEndpoint = page.Find("#create-endpoint").ClickAsync(new());
        Dialogs.WaitForElement("#endpoint-name-input").Input("chat");
        await Dialogs.Find("#endpoint-submit").ClickAsync(new()); // the only definition is preselected as PRIMARY
        await creatingEndpoint;
        page.WaitForAssertion(() => Assert.Equal(["chat"], Texts(page, ".endpoint-name")));
        Assert.Equal(["gpt-small · PRIMARY"], Texts(page, ".endpoint-models .mud-chip"));

        var endpoint = (await WithAsync<GatewayEndpointService, Workspaces.Data.Errors.Result<IReadOnlyList<GatewayEndpointDto>>>(s => s.ListAsync(null, Ct), ws))
            .Value.Single();
        Assert.Equal($"/workspaces/{ws}/gateway/endpoints/{endpoint.EndpointId}", page.Find(".endpoint-name a").GetAttribute("href"));
        Assert.True(endpoint.UsageTracking);
        NoPlaintextAnywhere(page);
    }

    [Fact]
    public async Task Rotating_a_key_replaces_its_value_and_shows_the_new_masked_form_only()
    {
        var ws = await AdminWorkspaceAsync();
        var key = await new GatewayUiArrange(Data, ws).KeyAsync("rotating", "sk-old-value-1111");
        var page = Open(ws);
        page.WaitForAssertion(() => Assert.Equal(["api_key: sk-...1111"], Texts(page, ".key-masked")));

        var rotating = page.Find("button[aria-label='Rotate rotating']").ClickAsync(new());
        Assert.Equal("api_key: sk-...1111", Dialogs.WaitForElement("#key-rotate-current").TextContent.Trim());
        Dialogs.Find("#key-rotate-value-0").Input(Plaintext);
        await Dialogs.Find("#key-rotate-submit").ClickAsync(new());
        await rotating;

        page.WaitForAssertion(() => Assert.Equal(["api_key: sk-...9876"], Texts(page, ".key-masked")));
        NoPlaintextAnywhere(page);
        var stored = await WithAsync<GatewaySecretService, Workspaces.Data.Errors.Result<GatewaySecretInfo>>(s => s.GetAsync(key.SecretId, Ct), ws);
        Assert.Equal("sk-...9876", stored.Value.MaskedValues["api_key"]);
    }

    [Fact]
    public async Task Deleting_a_definition_an_endpoint_uses_shows_the_service_s_conflict_message()
    {
        var ws = await AdminWorkspaceAsync();
        await new GatewayUiArrange(Data, ws).ChainAsync();
        var page = Open(ws);
        await TabAsync(page, "Model definitions");

        var deleting = page.WaitForElement("button[aria-label='Delete model']").ClickAsync(new());
        await AnswerAsync("Delete");
        await deleting;

        Snackbars.WaitForAssertion(() => Assert.Contains(
            "Cannot delete model definition that is currently in use by endpoints. Detach it from all endpoints first.", Snackbars.Markup, StringComparison.Ordinal));
        page.WaitForAssertion(() => Assert.Equal(["model"], Texts(page, ".definition-name")));
    }

    [Fact]
    public async Task Deleting_a_key_asks_first_and_leaves_its_definitions_without_a_key()
    {
        var ws = await AdminWorkspaceAsync();
        await new GatewayUiArrange(Data, ws).ChainAsync();
        var page = Open(ws);

        var deleting = page.WaitForElement("button[aria-label='Delete key']").ClickAsync(new());
        await AnswerAsync("Delete");
        await deleting;
        page.WaitForElement("#key-empty");

        await TabAsync(page, "Model definitions");
        page.WaitForAssertion(() => Assert.Equal(["no key"], Texts(page, ".definition-key")));
    }

    [Fact]
    public async Task The_endpoint_page_shows_routing_and_mappings_and_attaches_detaches_and_tags()
    {
        var ws = await AdminWorkspaceAsync();
        var arrange = new GatewayUiArrange(Data, ws);
        var (key, _, endpoint) = await arrange.ChainAsync();
        await arrange.DefinitionAsync("backup", key.SecretId, "gpt-4o");
        var page = Render<EndpointPage>(p => p.Add(x => x.Ws, ws).Add(x => x.EndpointId, endpoint.EndpointId));
        page.WaitForElement("#endpoint-title");

        Assert.Equal(["model"], Texts(page, ".mapping-definition"));
        Assert.Equal(["PRIMARY"], Texts(page, ".mapping-linkage"));
        Assert.Contains("first primary model answers", page.Find("#endpoint-routing").TextContent, StringComparison.Ordinal);
        Assert.Equal("No fallback models", page.Find("#endpoint-fallback").TextContent.Trim());
        Assert.Equal("off", page.Find("#endpoint-usage-tracking-state").TextContent.Trim());

        var attaching = page.Find("#endpoint-attach").ClickAsync(new());
        await Dialogs.WaitForElement("#attach-submit").ClickAsync(new()); // the one unattached definition, as the next fallback
        await attaching;
        page.WaitForAssertion(() => Assert.Equal(["model", "backup"], Texts(page, ".mapping-definition")));
        Assert.Equal(["PRIMARY", "FALLBACK #0"], Texts(page, ".mapping-linkage"));
        Assert.StartsWith("1 fallback model(s)", page.Find("#endpoint-fallback").TextContent.Trim(), StringComparison.Ordinal);

        page.Find("#endpoint-tags-key").Input("team");
        page.Find("#endpoint-tags-value").Input("search");
        await page.Find("#endpoint-tags-add").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Contains("team = search", page.Find("#endpoint-tags").TextContent, StringComparison.Ordinal));

        var detaching = page.Find("button[aria-label='Detach backup']").ClickAsync(new());
        await AnswerAsync("Detach");
        await detaching;
        page.WaitForAssertion(() => Assert.Equal(["model"], Texts(page, ".mapping-definition")));

        var stored = await arrange.GetEndpointAsync(endpoint.EndpointId);
        Assert.Equal([new Workspaces.Data.Common.KeyValue("team", "search")], stored.Tags);
        Assert.Equal(["model"], stored.ModelMappings.Select(m => m.ModelDefinition!.Name));
    }

    [Fact]
    public async Task Editing_an_endpoint_turns_the_traffic_split_on()
    {
        var ws = await AdminWorkspaceAsync();
        var (_, _, endpoint) = await new GatewayUiArrange(Data, ws).ChainAsync();
        var page = Render<EndpointPage>(p => p.Add(x => x.Ws, ws).Add(x => x.EndpointId, endpoint.EndpointId));
        var editing = page.WaitForElement("#endpoint-edit").ClickAsync(new());

        Dialogs.WaitForElement("#endpoint-traffic-split").Change(true);
        await Dialogs.Find("#endpoint-submit").ClickAsync(new());
        await editing;

        page.WaitForAssertion(() => Assert.StartsWith("Traffic split", page.Find("#endpoint-routing").TextContent.Trim(), StringComparison.Ordinal));
        Assert.Equal(GatewayRules.TrafficSplit, (await new GatewayUiArrange(Data, ws).GetEndpointAsync(endpoint.EndpointId)).RoutingStrategy);
    }

    [Fact]
    public async Task The_development_passphrase_shows_a_banner_and_keys_may_still_be_made_on_a_loopback_server()
    {
        var ws = await AdminWorkspaceAsync();
        var page = Open(ws);

        Assert.Contains("MLflow's development passphrase", page.Find("#gateway-passphrase-banner").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("#gateway-keys-refused"));
        Assert.False(page.Find("#create-key").HasAttribute("disabled"));
    }

    [Fact]
    public async Task A_public_server_on_the_development_passphrase_says_it_refuses_keys_and_the_service_refuses_a_rotation()
    {
        var ws = await AdminWorkspaceAsync();
        var key = await new GatewayUiArrange(Data, ws).KeyAsync("existing");
        Services.GetRequiredService<GatewaySettings>().PublicBind = true;
        var page = Open(ws);

        page.WaitForElement("#gateway-keys-refused");
        Assert.True(page.Find("#create-key").HasAttribute("disabled"));
        Assert.True(page.Find("button[aria-label='Rotate existing']").HasAttribute("disabled"));

        var rotating = CallAsync(page.FindComponent<ApiKeyList>(), "RotateAsync", key);
        Dialogs.WaitForElement("#key-rotate-value-0").Input(Plaintext);
        await Dialogs.Find("#key-rotate-submit").ClickAsync(new());
        Dialogs.WaitForAssertion(() => Assert.StartsWith("Refusing to store API keys", Dialogs.Find("#key-rotate-error").TextContent.Trim(), StringComparison.Ordinal));
        await AnswerAsync("Cancel");
        await rotating;
    }

    [Fact]
    public async Task With_a_passphrase_of_its_own_the_server_shows_no_banner()
    {
        var ws = await AdminWorkspaceAsync();
        Services.GetRequiredService<GatewaySettings>().KekPassphrase = "a-passphrase-of-this-server";
        var page = Open(ws);

        page.WaitForElement("#key-empty");
        Assert.Empty(page.FindAll("#gateway-passphrase-banner"));
    }
}
