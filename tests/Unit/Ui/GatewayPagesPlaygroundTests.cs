using Bunit;
using Workspaces.Tests.Unit.Infrastructure;
using Workspaces.Web.Components.Pages.Gateway;

namespace Workspaces.Tests.Unit.Ui;

/// <summary>
/// The endpoint page's playground and usage chart against a real provider process (<see cref="FakeLlmProvider"/>), through
/// the gateway's own invoker: the answer streams in piece by piece, the provider's error is shown, Stop cancels the
/// upstream call, and the call is counted in the usage chart.
/// </summary>
public sealed class GatewayPagesPlaygroundTests(DataFixture<SqliteDb> data, FakeLlmProvider fake) : RestrictedPageTests(data), IClassFixture<FakeLlmProvider>
{
    /// <summary>Calls to the provider take real time (the fake paces its stream).</summary>
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private static string Flat(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ").Trim();

    private static List<string> Texts<T>(IRenderedComponent<T> page, string selector)
        where T : Microsoft.AspNetCore.Components.IComponent =>
        page.FindAll(selector).Select(e => e.TextContent.Trim()).ToList();

    /// <summary>An admin on the endpoint page of a new workspace whose endpoint calls <paramref name="model"/> on the fake, with a message typed.</summary>
    private async Task<(string Ws, IRenderedComponent<EndpointPage> Page)> PlaygroundAsync(string model)
    {
        var ws = await NewWorkspaceAsync("gwplay");
        SignIn(await AddUserAsync("admin", admin: true));
        var endpoint = await new GatewayUiArrange(Data, ws).ChainOnAsync(fake, model);
        var page = Render<EndpointPage>(p => p.Add(x => x.Ws, ws).Add(x => x.EndpointId, endpoint.EndpointId));
        page.WaitForElement("#playground-input");
        page.Find("#playground-input").Input("Say hello");
        return (ws, page);
    }

    [Fact]
    public async Task The_playground_streams_the_provider_s_answer_and_the_usage_chart_counts_the_call()
    {
        var model = $"ui-{Guid.NewGuid():N}"[..12];
        var held = fake.HoldLastChunk(model);
        var (ws, page) = await PlaygroundAsync(model);
        page.WaitForElement("#usage-empty");

        var sending = page.Find("#playground-send").ClickAsync(new());
        // The pieces show while the provider still holds its last event: nothing waits for the whole answer.
        page.WaitForAssertion(() => Assert.Equal("assistant: Hello world", page.Find("#playground-answer").TextContent.Trim()), Wait);
        Assert.Single(page.FindAll("#playground-stop"));
        held.Release();
        await sending;

        page.WaitForAssertion(() => Assert.Equal(["user: Say hello", "assistant: Hello world"], Texts(page, ".playground-user, .playground-assistant")), Wait);
        Assert.Contains($"prompt {FakeLlmResponses.OpenAiPromptTokens} · completion {FakeLlmResponses.OpenAiCompletionTokens} tokens",
            page.Find("#playground-usage").TextContent, StringComparison.Ordinal);
        var seen = Assert.Single(fake.RequestsFor(model));
        Assert.Equal($"Bearer {FakeLlmProvider.ApiKey}", seen.Headers["authorization"]);
        Assert.Equal("Say hello", seen.Body!["messages"]![0]!["content"]!.ToString());

        var again = Render<EndpointPage>(p => p.Add(x => x.Ws, ws).Add(x => x.EndpointId, page.FindComponent<EndpointDetail>().Instance.EndpointId));
        again.WaitForAssertion(() => Assert.Equal(
            $"1 calls · 0 errors · {FakeLlmResponses.OpenAiPromptTokens} prompt and {FakeLlmResponses.OpenAiCompletionTokens} completion tokens",
            Flat(again.Find("#usage-totals").TextContent)), Wait);
        Assert.Single(again.FindAll("#usage-calls tr.chart-series[data-series='calls']"));
    }

    [Fact]
    public async Task The_playground_shows_the_provider_s_error()
    {
        var model = $"ui-{Guid.NewGuid():N}"[..12];
        fake.FailWith(model, 400, """{"error":{"message":"The provider does not like this prompt.","type":"invalid_request_error"}}""");
        var (_, page) = await PlaygroundAsync(model);

        await page.Find("#playground-send").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("The provider does not like this prompt.", page.Find("#playground-error").TextContent, StringComparison.Ordinal), Wait);
        Assert.Equal(["user: Say hello"], Texts(page, ".playground-user, .playground-assistant"));
    }

    [Fact]
    public async Task Stopping_the_playground_cancels_the_provider_call()
    {
        var model = $"ui-{Guid.NewGuid():N}"[..12];
        var stalled = fake.Stall(model);
        var (_, page) = await PlaygroundAsync(model);

        var sending = page.Find("#playground-send").ClickAsync(new());
        await stalled.ArrivedTask.WaitAsync(Wait, Ct);
        await page.Find("#playground-stop").ClickAsync(new());
        await sending;

        await stalled.AbortedTask.WaitAsync(Wait, Ct);
        page.WaitForAssertion(() => Assert.Equal("Stopped.", page.Find("#playground-error").TextContent.Trim()), Wait);
        Assert.Empty(page.FindAll("#playground-stop"));
    }
}
