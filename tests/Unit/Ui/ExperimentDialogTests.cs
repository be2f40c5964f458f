using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Workspaces.Data.Common;
using Workspaces.Data.Tracking;
using Workspaces.Tests.Unit.Infrastructure;
using Workspaces.Web.Components.Pages.Experiments;

namespace Workspaces.Tests.Unit.Ui;

/// <summary>
/// The experiment dialogs check as the API does, with its messages, while the user types; what only the server
/// knows (a taken name) comes back from the service after submit.
/// </summary>
public sealed class ExperimentDialogTests(DataFixture<SqliteDb> data) : UiTestContext(data), IClassFixture<DataFixture<SqliteDb>>
{
    private static readonly string TooLong = new('n', TrackingValidation.MaxExperimentNameLength + 1);

    private ExperimentService Experiments => Services.GetRequiredService<ExperimentService>();

    /// <summary>A new workspace the rendering scope works in, with one experiment (its id returned).</summary>
    private async Task<(string Ws, string ExperimentId)> EnterAsync(string experiment = "existing")
    {
        var ws = await NewWorkspaceAsync("exp");
        Enter(ws);
        var created = await Experiments.CreateAsync(experiment, null, [], Ct);
        Assert.True(created.IsSuccess, created.Error?.Message);
        return (ws, created.Value);
    }

    private async Task<IRenderedComponent<MudDialogProvider>> OpenAsync<TDialog>(DialogParameters<TDialog>? parameters = null)
        where TDialog : IComponent
    {
        var provider = Render<MudDialogProvider>();
        var dialogs = Services.GetRequiredService<IDialogService>();
        await provider.InvokeAsync(() => dialogs.ShowAsync<TDialog>("test", parameters ?? []));
        return provider;
    }

    /// <summary>The field's own text: label, value and the error line under it.</summary>
    private static string Field(IRenderedComponent<MudDialogProvider> provider, string id) =>
        provider.Find($"#{id}").Closest(".mud-input-control")!.TextContent;

    private static bool Disabled(IRenderedComponent<MudDialogProvider> provider, string id) => provider.Find($"#{id}").HasAttribute("disabled");

    [Theory]
    [InlineData("")]
    [InlineData("TOO_LONG")]
    public async Task The_create_dialog_shows_the_api_message_as_the_name_is_typed_and_cannot_submit(string name)
    {
        name = name == "TOO_LONG" ? TooLong : name;
        await EnterAsync();
        var api = (await Experiments.CreateAsync(name, null, [], Ct)).Error!.Message; // what a client would be told
        var provider = await OpenAsync<ExperimentNameDialog>();

        // Nothing typed yet: no message, but nothing to submit either.
        Assert.True(Disabled(provider, "experiment-submit"));
        Assert.DoesNotContain(api, provider.Markup, StringComparison.Ordinal);

        provider.Find("#experiment-name").Input("x");
        provider.Find("#experiment-name").Input(name);
        provider.WaitForAssertion(() => Assert.Contains(api, Field(provider, "experiment-name"), StringComparison.Ordinal));
        Assert.True(Disabled(provider, "experiment-submit"));
        Assert.Empty(provider.FindAll("#experiment-error"));
    }

    [Fact]
    public async Task A_valid_name_creates_the_experiment_and_a_taken_one_shows_the_service_message()
    {
        await EnterAsync("taken");
        var provider = await OpenAsync<ExperimentNameDialog>();
        provider.Find("#experiment-name").Input("fresh");
        provider.WaitForAssertion(() => Assert.False(Disabled(provider, "experiment-submit")));
        await provider.Find("#experiment-submit").ClickAsync(new());
        provider.WaitForAssertion(() => Assert.Empty(provider.FindAll("#experiment-name"))); // closed
        Assert.True((await Experiments.GetByNameAsync("fresh", Ct)).IsSuccess);

        provider = await OpenAsync<ExperimentNameDialog>();
        provider.Find("#experiment-name").Input("taken");
        await provider.Find("#experiment-submit").ClickAsync(new());
        provider.WaitForAssertion(() => Assert.Equal("Experiment(name=taken) already exists.", provider.Find("#experiment-error").TextContent.Trim()));

        // Typing again clears the server's answer: it was about the old text.
        provider.Find("#experiment-name").Input("taken-2");
        provider.WaitForAssertion(() => Assert.Empty(provider.FindAll("#experiment-error")));
    }

    [Fact]
    public async Task The_rename_dialog_starts_from_the_name_checks_it_and_renames()
    {
        var (_, id) = await EnterAsync("old-name");
        Assert.True((await Experiments.CreateAsync("other", null, [], Ct)).IsSuccess);
        var existing = (await Experiments.GetAsync(id, Ct)).Value;
        var provider = await OpenAsync(new DialogParameters<ExperimentNameDialog> { { d => d.Existing, existing } });

        Assert.Equal("old-name", provider.Find("#experiment-name").GetAttribute("value"));
        Assert.Equal("Rename", provider.Find("#experiment-submit").TextContent.Trim());
        Assert.False(Disabled(provider, "experiment-submit"));

        provider.Find("#experiment-name").Input("");
        var empty = (await Experiments.RenameAsync(id, "", Ct)).Error!.Message;
        provider.WaitForAssertion(() => Assert.Contains(empty, Field(provider, "experiment-name"), StringComparison.Ordinal));
        Assert.True(Disabled(provider, "experiment-submit"));

        provider.Find("#experiment-name").Input("other");
        await provider.Find("#experiment-submit").ClickAsync(new());
        provider.WaitForAssertion(() => Assert.Equal("Experiment(name=other) already exists.", provider.Find("#experiment-error").TextContent.Trim()));

        provider.Find("#experiment-name").Input("new-name");
        await provider.Find("#experiment-submit").ClickAsync(new());
        provider.WaitForAssertion(() => Assert.Empty(provider.FindAll("#experiment-name")));
        Assert.Equal("new-name", (await Experiments.GetAsync(id, Ct)).Value.Name);
    }

    [Theory]
    [InlineData("bad key!")]
    [InlineData("../escape")]
    [InlineData("/absolute")]
    public async Task The_tags_dialog_checks_the_key_as_the_api_does_before_it_is_set(string key)
    {
        var (_, id) = await EnterAsync();
        var api = (await Experiments.SetTagAsync(id, key, "v", Ct)).Error!.Message;
        var provider = await OpenAsync(new DialogParameters<ExperimentTagsDialog> { { d => d.ExperimentId, id }, { d => d.CanEdit, true } });
        provider.WaitForElement("#tag-key");
        Assert.True(Disabled(provider, "tag-add")); // an empty key is not a key

        provider.Find("#tag-key").Input(key);
        provider.Find("#tag-value").Input("v");
        provider.WaitForAssertion(() => Assert.Contains(api, Field(provider, "tag-key"), StringComparison.Ordinal));
        Assert.True(Disabled(provider, "tag-add"));
        Assert.DoesNotContain(key, provider.Find("#experiment-tags").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_valid_tag_is_set_and_listed_and_an_over_long_value_is_refused_first()
    {
        var (_, id) = await EnterAsync();
        var provider = await OpenAsync(new DialogParameters<ExperimentTagsDialog> { { d => d.ExperimentId, id }, { d => d.CanEdit, true } });
        provider.WaitForElement("#tag-key");

        provider.Find("#tag-key").Input("team");
        var tooLong = new string('v', TrackingValidation.MaxExperimentTagValueLength + 1);
        provider.Find("#tag-value").Input(tooLong);
        var api = (await Experiments.SetTagAsync(id, "team", tooLong, Ct)).Error!.Message;
        provider.WaitForAssertion(() => Assert.Contains(api, Field(provider, "tag-value"), StringComparison.Ordinal));
        Assert.True(Disabled(provider, "tag-add"));

        provider.Find("#tag-value").Input("growth");
        provider.WaitForAssertion(() => Assert.False(Disabled(provider, "tag-add")));
        await provider.Find("#tag-add").ClickAsync(new());

        provider.WaitForAssertion(() => Assert.Contains(provider.FindAll("#experiment-tags tr"), r => r.TextContent.Contains("team", StringComparison.Ordinal)
            && r.TextContent.Contains("growth", StringComparison.Ordinal)));
        Assert.Equal("", provider.Find("#tag-key").GetAttribute("value")); // ready for the next one, without an error yet
        Assert.DoesNotContain("resolve to", Field(provider, "tag-key"), StringComparison.Ordinal);
        var stored = (await Experiments.GetAsync(id, Ct)).Value.Tags;
        Assert.Contains(new KeyValue("team", "growth"), stored);
    }

    [Fact]
    public async Task Without_edit_rights_the_tags_are_shown_but_cannot_be_changed()
    {
        var (_, id) = await EnterAsync();
        Assert.True((await Experiments.SetTagAsync(id, "owner", "alice", Ct)).IsSuccess);
        var provider = await OpenAsync(new DialogParameters<ExperimentTagsDialog> { { d => d.ExperimentId, id }, { d => d.CanEdit, false } });

        provider.WaitForAssertion(() => Assert.Contains("alice", provider.Find("#experiment-tags").TextContent, StringComparison.Ordinal));
        Assert.Empty(provider.FindAll("#tag-key"));
        Assert.Empty(provider.FindAll("#tag-add"));
        Assert.Empty(provider.FindAll("button[aria-label='Remove owner']"));
    }
}
