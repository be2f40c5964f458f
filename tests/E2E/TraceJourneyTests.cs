using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using static Microsoft.Playwright.Assertions;

namespace Workspaces.Tests.E2E;

/// <summary>
/// Tracing in the browser (issue 19): an agent instrumented with the OpenTelemetry .NET SDK exports a root span and an LLM
/// child over OTLP/HTTP to the auth-on server; the experiment's Traces tab lists the trace, its detail page shows the span
/// tree, the timeline and the chat, and feedback added in the assessments pane is stored (read back through the v3 API
/// and after a reload). Screenshots of the list, the detail and its assessments go to the README.
/// </summary>
public sealed class TraceJourneyTests(E2EFixture fixture)
{
    private const string Root = "answer_question";
    private const string Child = "chat gpt-4o-mini";
    private const string Question = "How do I rotate my API key?";
    private const string Answer = "Open Account, create a new token, then revoke the old one.";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Otlp_spans_show_as_a_trace_whose_detail_takes_feedback_that_persists()
    {
        var ws = $"trace-{Guid.NewGuid():N}"[..14];
        var page = await fixture.SignInAsync("admin", E2EFixture.AdminPassword);
        await page.GotoAsync("/workspaces");
        await E2EFixture.WaitForCircuitAsync(page);
        await page.Locator("#create-workspace").ClickAsync();
        await page.Locator("#ws-name").FillAsync(ws);
        await page.Locator("#ws-submit").ClickAsync();
        await Expect(page.Locator("#workspace-list")).ToContainTextAsync(ws);

        await page.GotoAsync($"/workspaces/{ws}/experiments");
        await E2EFixture.WaitForCircuitAsync(page);
        await page.Locator("#create-experiment").ClickAsync();
        await page.Locator("#experiment-name").FillAsync("support-agent");
        await page.Locator("#experiment-submit").ClickAsync();
        await Expect(page.Locator("#experiment-list")).ToContainTextAsync("support-agent");

        using var api = Api(ws);
        var experimentId = (await GetAsync(api, "/api/2.0/mlflow/experiments/get-by-name?experiment_name=support-agent"))
            .GetProperty("experiment").GetProperty("experiment_id").GetString()!;
        var (traceId, childHex) = ExportAgentTrace(experimentId, ws);
        // The exporter swallows HTTP errors: make an ingest failure (e.g. a refused credential) fail here, clearly.
        await GetAsync(api, $"/api/3.0/mlflow/traces/{traceId}");

        // The Traces tab, reached from the experiment's runs view.
        await page.Locator("#experiment-list").GetByRole(AriaRole.Link, new() { Name = "support-agent" }).ClickAsync();
        await page.Locator("#view-traces").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/experiments/{experimentId}/traces$"));
        var row = page.Locator($"tr.trace-row[data-trace='{traceId}']");
        await Expect(page.Locator("tr.trace-row")).ToHaveCountAsync(1);
        await Expect(row.Locator("td[data-column='name']")).ToHaveTextAsync(Root);
        await Expect(row.Locator("td[data-column='request']")).ToContainTextAsync(Question);
        await Expect(row.Locator("td[data-column='state']")).ToContainTextAsync("OK");
        await E2EFixture.ScreenshotAsync(page, "traces.png");

        // The detail: the child nested under the root in the tree, both on the timeline, the LLM call as a conversation.
        await row.Locator(".trace-link").ClickAsync();
        await Expect(page.Locator("#trace-title")).ToHaveTextAsync(Root);
        await Expect(page.Locator("#span-tree .span-row")).ToHaveCountAsync(2);
        var childRow = page.Locator($"#span-tree .span-row[data-span='{childHex}']");
        await Expect(childRow).ToHaveAttributeAsync("data-depth", "1");
        await Expect(childRow.Locator(".span-name")).ToHaveTextAsync(Child);
        await Expect(childRow.Locator(".span-type")).ToHaveTextAsync("LLM");
        await Expect(page.Locator("#span-timeline .timeline-row")).ToHaveCountAsync(2);
        await Expect(page.Locator($"#span-timeline .timeline-row[data-span='{childHex}'] .timeline-bar")).ToBeVisibleAsync();
        await childRow.ClickAsync();
        await Expect(page.Locator("#span-details")).ToHaveAttributeAsync("data-span", childHex);
        await Expect(page.Locator("#span-inputs .chat-message[data-role='user'] .chat-content")).ToHaveTextAsync(Question);
        await Expect(page.Locator("#span-outputs .chat-message[data-role='assistant'] .chat-content")).ToHaveTextAsync(Answer);
        await Expect(page.Locator("#span-attributes")).ToContainTextAsync("gen_ai.request.model");

        // Feedback from the signed-in human, in the assessments pane.
        await Expect(page.Locator("#assessments-empty")).ToBeVisibleAsync();
        await page.Locator("#assessment-name").FillAsync("helpful");
        await page.Locator("#assessment-value").FillAsync("yes");
        await page.Locator("#assessment-rationale").FillAsync("Names the right page");
        // The fields bind on change: leave the last one so its value is in before the click.
        await page.Locator("#assessment-rationale").PressAsync("Tab");
        await page.Locator("#add-assessment").ClickAsync();
        var feedback = page.Locator("tr.assessment-row[data-name='helpful']");
        await Expect(feedback).ToHaveCountAsync(1);
        await Expect(feedback.Locator(".assessment-value")).ToHaveTextAsync("yes");
        await Expect(feedback).ToContainTextAsync("HUMAN (admin)");
        await Expect(feedback).ToContainTextAsync("Names the right page");
        await E2EFixture.ScreenshotAsync(page, "trace-assessments.png");
        // The README's picture of the detail: its top, where the tree and the selected LLM span's conversation are.
        await page.EvaluateAsync("window.scrollTo(0, 0)");
        await E2EFixture.ScreenshotAsync(page, "trace.png");

        var stored = Assert.Single((await GetAsync(api, $"/api/3.0/mlflow/traces/{traceId}"))
            .GetProperty("trace").GetProperty("trace_info").GetProperty("assessments").EnumerateArray());
        Assert.Equal("helpful", stored.GetProperty("assessment_name").GetString());
        Assert.Equal("yes", stored.GetProperty("feedback").GetProperty("value").GetString());
        Assert.Equal(("HUMAN", "admin"), (stored.GetProperty("source").GetProperty("source_type").GetString(),
            stored.GetProperty("source").GetProperty("source_id").GetString()));
        Assert.Equal("Names the right page", stored.GetProperty("rationale").GetString());

        await page.ReloadAsync();
        await E2EFixture.WaitForCircuitAsync(page);
        await Expect(page.Locator("tr.assessment-row[data-name='helpful'] .assessment-value")).ToHaveTextAsync("yes");
        // And the list grows a column for it.
        await page.GotoAsync($"/workspaces/{ws}/experiments/{experimentId}/traces");
        await Expect(row.Locator("td.assessment-cell[data-assessment='helpful']")).ToHaveTextAsync("yes");
        await page.Context.CloseAsync();
    }

    /// <summary>
    /// What an instrumented agent sends: the SDK's OTLP/HTTP protobuf exporter, pointed at the server root with MLflow's
    /// experiment and workspace headers and Basic credentials, a root span and a GenAI client span under it.
    /// </summary>
    private (string TraceId, string ChildHex) ExportAgentTrace(string experimentId, string ws)
    {
        using var source = new ActivitySource("support-agent-" + Guid.NewGuid().ToString("N"));
        using var provider = Sdk.CreateTracerProviderBuilder()
            .AddSource(source.Name)
            .SetSampler(new AlwaysOnSampler())
            .ConfigureResource(r => r.AddService("support-agent"))
            .AddOtlpExporter(o =>
            {
                o.Protocol = OtlpExportProtocol.HttpProtobuf;
                o.Endpoint = new Uri($"{fixture.Secured.BaseUrl}/v1/traces");
                o.Headers = $"x-mlflow-experiment-id={experimentId},X-MLFLOW-WORKSPACE={ws},Authorization=Basic {AdminCredentials}";
            })
            .Build();
        string traceHex, childHex;
        using (var root = source.StartActivity(Root, ActivityKind.Server)!)
        {
            traceHex = root.TraceId.ToHexString();
            root.SetTag("mlflow.spanType", "AGENT");
            root.SetTag("mlflow.spanInputs", JsonSerializer.Serialize(new { question = Question }));
            using (var llm = source.StartActivity(Child, ActivityKind.Client)!)
            {
                childHex = llm.SpanId.ToHexString();
                llm.SetTag("gen_ai.operation.name", "chat");
                llm.SetTag("gen_ai.system", "openai");
                llm.SetTag("gen_ai.request.model", "gpt-4o-mini");
                llm.SetTag("gen_ai.usage.input_tokens", 42);
                llm.SetTag("gen_ai.usage.output_tokens", 17);
                llm.SetTag("mlflow.spanType", "LLM");
                llm.SetTag("mlflow.spanInputs", JsonSerializer.Serialize(new { messages = new[] { new { role = "user", content = Question } } }));
                llm.SetTag("mlflow.spanOutputs", JsonSerializer.Serialize(new { choices = new[] { new { message = new { role = "assistant", content = Answer } } } }));
                llm.SetStatus(ActivityStatusCode.Ok);
            }
            root.SetTag("mlflow.spanOutputs", JsonSerializer.Serialize(Answer));
            root.SetStatus(ActivityStatusCode.Ok);
        }
        Assert.True(provider.ForceFlush(10_000));
        return ("tr-" + traceHex, childHex);
    }

    private static string AdminCredentials => Convert.ToBase64String(Encoding.UTF8.GetBytes($"admin:{E2EFixture.AdminPassword}"));

    private HttpClient Api(string workspace)
    {
        var client = new HttpClient { BaseAddress = new Uri(fixture.Secured.BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", AdminCredentials);
        client.DefaultRequestHeaders.Add("X-MLFLOW-WORKSPACE", workspace);
        return client;
    }

    private static async Task<JsonElement> GetAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
