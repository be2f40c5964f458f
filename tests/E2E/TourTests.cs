using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using static Microsoft.Playwright.Assertions;

namespace Workspaces.Tests.E2E;

/// <summary>
/// Every main page renders against data logged through the REST API, the way a team's server looks after a
/// week: experiments, models with versions and aliases, prompts with a diff, settings, users and the audit log.
/// Also the README's screenshots of those pages.
/// </summary>
public sealed class TourTests(E2EFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_main_pages_show_what_the_api_logged()
    {
        var ws = $"vision-{Guid.NewGuid():N}"[..15];
        using var api = new HttpClient { BaseAddress = new Uri(fixture.Open.BaseUrl) };
        await SendAsync(api, "/api/3.0/mlflow/workspaces", null, new { name = ws, description = "Image models" });
        foreach (var name in new[] { "resnet-sweep", "augmentations", "distillation" })
        {
            var experiment = (await SendAsync(api, "/api/2.0/mlflow/experiments/create", ws, new { name })).GetProperty("experiment_id").GetString();
            var run = (await SendAsync(api, "/api/2.0/mlflow/runs/create", ws, new { experiment_id = experiment, run_name = $"{name}-1" }))
                .GetProperty("run").GetProperty("info").GetProperty("run_id").GetString();
            var metrics = Enumerable.Range(0, 30).Select(step => new { key = "val_acc", value = 0.5 + step / 70.0, timestamp = 1_700_000_000_000L + step, step });
            await SendAsync(api, "/api/2.0/mlflow/runs/log-batch", ws, new { run_id = run, metrics });
        }
        await SendAsync(api, "/api/2.0/mlflow/registered-models/create", ws, new { name = "classifier", description = "Production image classifier" });
        foreach (var _ in new[] { 1, 2 })
            await SendAsync(api, "/api/2.0/mlflow/model-versions/create", ws, new { name = "classifier", source = "s3://models/classifier" });
        await SendAsync(api, "/api/2.0/mlflow/registered-models/alias", ws, new { name = "classifier", alias = "champion", version = "2" });
        var promptTag = new { key = "mlflow.prompt.is_prompt", value = "true" };
        await SendAsync(api, "/api/2.0/mlflow/registered-models/create", ws, new { name = "captioner", tags = new[] { promptTag } });
        foreach (var text in new[] { "Describe the image in one sentence.", "Describe the image in one short sentence for {{audience}}." })
        {
            await SendAsync(api, "/api/2.0/mlflow/model-versions/create", ws,
                new { name = "captioner", source = "dummy-source", tags = new[] { promptTag, new { key = "mlflow.prompt.text", value = text } } });
        }

        var page = await fixture.OpenAsync($"/workspaces/{ws}/experiments");
        await Expect(page.Locator("#experiment-list")).ToContainTextAsync("distillation");
        await E2EFixture.ScreenshotAsync(page, "experiments.png");

        await page.GotoAsync($"/workspaces/{ws}/models");
        await Expect(page.Locator("#model-list")).ToContainTextAsync("classifier");
        await Expect(page.Locator("#model-list")).Not.ToContainTextAsync("captioner"); // prompts have their own page
        await E2EFixture.ScreenshotAsync(page, "models.png");

        await page.GotoAsync($"/workspaces/{ws}/models/classifier");
        await Expect(page.Locator("#model-title")).ToContainTextAsync("classifier");
        await Expect(page.Locator("body")).ToContainTextAsync("champion");
        await E2EFixture.ScreenshotAsync(page, "model.png");

        await page.GotoAsync($"/workspaces/{ws}/prompts");
        await Expect(page.Locator("#prompt-list")).ToContainTextAsync("captioner");
        await E2EFixture.ScreenshotAsync(page, "prompts.png");

        await page.GotoAsync($"/workspaces/{ws}/prompts/captioner");
        await Expect(page.Locator("#prompt-title")).ToContainTextAsync("captioner");
        await Expect(page.Locator("body")).ToContainTextAsync("{{audience}}");
        await E2EFixture.ScreenshotAsync(page, "prompt.png");

        await page.GotoAsync($"/workspaces/{ws}/settings");
        await Expect(page.Locator("#settings-name")).ToHaveValueAsync(ws);
        await E2EFixture.ScreenshotAsync(page, "settings.png");
        await page.Context.CloseAsync();

        // Something for the audit log of the secured server.
        using (var secured = new HttpClient { BaseAddress = new Uri(fixture.Secured.BaseUrl) })
        {
            secured.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"admin:{E2EFixture.AdminPassword}")));
            await SendAsync(secured, "/api/3.0/mlflow/workspaces", null, new { name = ws, description = "Image models" });
        }
        var admin = await fixture.SignInAsync("admin", E2EFixture.AdminPassword);
        await admin.GotoAsync("/admin/users");
        await Expect(admin.Locator("#user-list")).ToContainTextAsync("admin");
        await E2EFixture.ScreenshotAsync(admin, "users.png");
        await admin.GotoAsync("/admin/audit");
        await Expect(admin.Locator("#audit-list")).ToContainTextAsync(ws);
        await E2EFixture.ScreenshotAsync(admin, "audit.png");
        await admin.Context.CloseAsync();
    }

    private static async Task<JsonElement> SendAsync(HttpClient api, string path, string? workspace, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        if (workspace is not null)
            request.Headers.Add("X-MLFLOW-WORKSPACE", workspace);
        using var response = await api.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {text}");
        return JsonDocument.Parse(text.Length == 0 ? "{}" : text).RootElement.Clone();
    }
}
