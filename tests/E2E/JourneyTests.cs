using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Workspaces.Tests.E2E;

/// <summary>
/// The three journeys of the UI issue, one after the other on the auth-on server: (a) the admin creates a
/// workspace and grants a user EDIT; (b) that user works in it, with runs logged through the REST API;
/// (c) the admin deletes the non-empty workspace with CASCADE. Screenshots of each main page go to the README.
/// </summary>
public sealed class JourneyTests(E2EFixture fixture)
{
    private const string Password = "journey-password-1";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Admin_sets_up_a_team_a_member_works_in_it_and_the_admin_deletes_it()
    {
        var ws = $"team-{Guid.NewGuid():N}"[..13];
        var user = $"member-{Guid.NewGuid():N}"[..14];
        using (var admin = Api("admin", E2EFixture.AdminPassword))
            await PostAsync(admin, "/api/2.0/mlflow/users/create", new { username = user, password = Password });

        // (a) The admin creates the workspace and grants the user EDIT.
        var adminPage = await fixture.SignInAsync("admin", E2EFixture.AdminPassword);
        await adminPage.GotoAsync("/workspaces");
        await E2EFixture.WaitForCircuitAsync(adminPage);
        await adminPage.Locator("#create-workspace").ClickAsync();
        await adminPage.Locator("#ws-name").FillAsync(ws);
        await adminPage.Locator("#ws-description").FillAsync("The journey's team");
        await adminPage.Locator("#ws-submit").ClickAsync();
        await Expect(adminPage.Locator("#workspace-list")).ToContainTextAsync(ws);
        await E2EFixture.ScreenshotAsync(adminPage, "workspaces.png");

        await adminPage.GotoAsync($"/workspaces/{ws}/permissions");
        await E2EFixture.WaitForCircuitAsync(adminPage);
        await adminPage.Locator("#grant-user").FillAsync(user);
        // The id lands on MudSelect's hidden input; a click while the list is still opening can be lost, so check and retry.
        for (var attempt = 0; attempt < 3 && await adminPage.Locator("#grant-level").InputValueAsync() != "EDIT"; attempt++)
        {
            await adminPage.Locator(".mud-select:has(#grant-level)").First.ClickAsync();
            await adminPage.Locator(".mud-popover-open").GetByText("EDIT", new() { Exact = true }).ClickAsync();
            await adminPage.WaitForTimeoutAsync(200);
        }
        await Expect(adminPage.Locator("#grant-level")).ToHaveValueAsync("EDIT");
        await adminPage.Locator("#grant-add").ClickAsync();
        await Expect(adminPage.Locator($"tr.grant-row[data-user='{user}'] [data-level='EDIT']")).ToHaveAttributeAsync("data-current", "True");
        await E2EFixture.ScreenshotAsync(adminPage, "permissions.png");

        // (b) The member sees only that workspace, creates an experiment, and finds runs logged through the API.
        var page = await fixture.SignInAsync(user, Password);
        await page.Locator("#workspace-switcher-input").ClickAsync();
        await Expect(page.Locator(".switcher-item")).ToHaveCountAsync(1);
        await page.Locator($".switcher-item[data-workspace='{ws}']").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/workspaces/{ws}/experiments$"));
        await page.Locator("#create-experiment").ClickAsync();
        await page.Locator("#experiment-name").FillAsync("churn");
        await page.Locator("#experiment-submit").ClickAsync();
        await Expect(page.Locator("#experiment-list")).ToContainTextAsync("churn");

        var artifactRoots = new Dictionary<string, string>();
        using (var member = Api(user, Password, ws))
        {
            var experimentId = (await GetAsync(member, "/api/2.0/mlflow/experiments/get-by-name?experiment_name=churn"))
                .GetProperty("experiment").GetProperty("experiment_id").GetString();
            foreach (var (name, acc) in new[] { ("baseline", 0.80), ("wider", 0.93), ("deeper", 0.97) })
            {
                var run = await PostAsync(member, "/api/2.0/mlflow/runs/create", new { experiment_id = experimentId, run_name = name });
                var runId = run.GetProperty("run").GetProperty("info").GetProperty("run_id").GetString();
                artifactRoots[name] = run.GetProperty("run").GetProperty("info").GetProperty("artifact_uri").GetString()!["mlflow-artifacts:/".Length..];
                var metrics = Enumerable.Range(0, 20).Select(step => new { key = "acc", value = acc * (step + 1) / 20, timestamp = 1_700_000_000_000L + step * 1000, step });
                await PostAsync(member, "/api/2.0/mlflow/runs/log-batch", new { run_id = runId, metrics, @params = new[] { new { key = "layers", value = name.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) } } });
            }
        }
        await page.Locator("#experiment-list").GetByRole(AriaRole.Link, new() { Name = "churn" }).ClickAsync();
        await Expect(page.Locator("tr.run-row")).ToHaveCountAsync(3);
        await page.Locator("#run-filter").FillAsync("metrics.acc > 0.9");
        await page.Locator("#run-filter").PressAsync("Enter");
        await Expect(page.Locator("tr.run-row")).ToHaveCountAsync(2);
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("filter=metrics.acc"));
        await E2EFixture.ScreenshotAsync(page, "runs.png");

        // The chart view of the same runs: Plotly really draws (an SVG per chart), and the choice is in the URL.
        await page.Locator("#runs-view").GetByText("Chart").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("view=chart"));
        await Expect(page.Locator(".experiment-chart[data-metric='acc'] .main-svg").First).ToBeVisibleAsync();
        await E2EFixture.ScreenshotAsync(page, "charts.png");
        await page.Locator("#runs-view").GetByText("Table").ClickAsync();

        await page.Locator("tr.run-row").Nth(0).Locator("input[type=checkbox]").CheckAsync();
        await page.Locator("tr.run-row").Nth(1).Locator("input[type=checkbox]").CheckAsync();
        await page.Locator("#compare-runs").ClickAsync();
        await Expect(page.Locator("#compare-table")).ToContainTextAsync("deeper");
        await Expect(page.Locator("tr.compare-row[data-key='Metrics:acc']")).ToHaveAttributeAsync("data-differs", "True");
        await Expect(page.Locator(".main-svg").First).ToBeVisibleAsync();
        await E2EFixture.ScreenshotAsync(page, "compare.png");

        await page.GoBackAsync();
        await page.Locator("tr.run-row").GetByRole(AriaRole.Link, new() { Name = "deeper" }).ClickAsync();
        await Expect(page.Locator("#run-title")).ToHaveTextAsync("deeper");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Metrics (1)" }).ClickAsync();
        await Expect(page.Locator("tr.chart-series")).ToHaveCountAsync(1);
        await Expect(page.Locator(".main-svg").First).ToBeVisibleAsync();
        await E2EFixture.ScreenshotAsync(page, "run.png");

        // Files logged the way mlflow.log_artifact sends them show up in the run's artifact browser.
        using (var member = Api(user, Password, ws))
        {
            foreach (var (file, content) in new[] { ("eval/metrics.json", """{"acc": 0.97, "f1": 0.95}"""), ("eval/roc.csv", "fpr,tpr\n0,0\n0.1,0.9\n1,1\n") })
            {
                var put = await member.PutAsync($"/api/2.0/mlflow-artifacts/artifacts/{artifactRoots["deeper"]}/{file}", new StringContent(content), Ct);
                Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync(Ct));
            }
        }
        await page.Locator(".mud-tab", new() { HasText = "Artifacts" }).ClickAsync();
        await page.Locator(".artifact-node[data-path='eval'] .artifact-toggle").ClickAsync();
        await page.Locator(".artifact-node[data-path='eval/roc.csv'] .artifact-name").ClickAsync();
        await Expect(page.Locator("#artifact-csv tbody tr")).ToHaveCountAsync(3);
        await page.Locator(".artifact-node[data-path='eval/metrics.json'] .artifact-name").ClickAsync();
        await Expect(page.Locator("#artifact-preview")).ToHaveAttributeAsync("data-kind", "json");
        await Expect(page.Locator("#artifact-text")).ToContainTextAsync("\"f1\": 0.95");
        await E2EFixture.ScreenshotAsync(page, "artifacts.png");
        await page.Context.CloseAsync();

        // (c) The admin deletes the non-empty workspace with CASCADE after typing its name.
        await adminPage.GotoAsync("/workspaces");
        await E2EFixture.WaitForCircuitAsync(adminPage);
        await adminPage.GetByRole(AriaRole.Button, new() { Name = $"Delete {ws}" }).ClickAsync();
        await Expect(adminPage.Locator("#delete-contents")).ToContainTextAsync("1 experiment(s) with 3 run(s)");
        await adminPage.GetByText("Cascade: delete everything in it").ClickAsync();
        await adminPage.Locator("#delete-confirm").FillAsync(ws);
        await E2EFixture.ScreenshotAsync(adminPage, "delete-workspace.png");
        await adminPage.Locator("#delete-submit").ClickAsync();
        await Expect(adminPage.Locator("#workspace-list")).Not.ToContainTextAsync(ws);
        using (var admin = Api("admin", E2EFixture.AdminPassword))
            Assert.Equal(System.Net.HttpStatusCode.NotFound, (await admin.GetAsync($"/api/3.0/mlflow/workspaces/{ws}", Ct)).StatusCode);
        await adminPage.Context.CloseAsync();
    }

    private HttpClient Api(string user, string password, string? workspace = null)
    {
        var client = new HttpClient { BaseAddress = new Uri(fixture.Secured.BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        if (workspace is not null)
            client.DefaultRequestHeaders.Add("X-MLFLOW-WORKSPACE", workspace);
        return client;
    }

    private static async Task<JsonElement> PostAsync(HttpClient client, string path, object body)
    {
        var response = await client.PostAsync(path, new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"), Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<JsonElement> GetAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
