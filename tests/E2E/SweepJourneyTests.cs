using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using static Microsoft.Playwright.Assertions;

namespace Workspaces.Tests.E2E;

/// <summary>
/// A data scientist's sweep (issue 17): 30 runs logged through the REST API, then in Chromium the chart view draws all
/// of them, a filter arrives through the URL, a metric sorts from page 1, the compare page draws parallel coordinates,
/// and the breadcrumb leads back. Light and dark screenshots of the charts go to the README.
/// </summary>
public sealed class SweepJourneyTests(E2EFixture fixture)
{
    private const int Runs = 30;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_sweep_is_charted_filtered_by_url_sorted_compared_in_parallel_coordinates_and_left_by_the_breadcrumb()
    {
        var experiment = await LogSweepAsync();
        var url = $"/workspaces/default/experiments/{experiment}";

        var page = await fixture.OpenAsync($"{url}?view=chart");
        var loss = page.Locator(".experiment-chart[data-metric='loss']");
        await Expect(loss.Locator(".main-svg").First).ToBeVisibleAsync();
        await Expect(loss.Locator(".legendtext")).ToHaveCountAsync(Runs); // every run of the page overlaid, one legend entry each
        await E2EFixture.ScreenshotAsync(page, "charts.png");
        await page.Locator("button[aria-label='Toggle dark mode']").ClickAsync();
        await Expect(loss.Locator(".main-svg").First).ToBeVisibleAsync();
        await E2EFixture.ScreenshotAsync(page, "charts-dark.png");
        await page.Locator("button[aria-label='Toggle dark mode']").ClickAsync();

        // A shared link with a filter: the table shows only the matching runs, and says how many there are.
        await page.GotoAsync($"{url}?filter={Uri.EscapeDataString("params.optimizer = 'adam'")}&size=25");
        await E2EFixture.WaitForCircuitAsync(page);
        await Expect(page.Locator("#run-filter")).ToHaveValueAsync("params.optimizer = 'adam'");
        await Expect(page.Locator("tr.run-row")).ToHaveCountAsync(Runs / 2);
        await Expect(page.Locator("#runs-range")).ToHaveTextAsync($"1–{Runs / 2} of {Runs / 2}");

        // Sorting by a metric from the first page: the best accuracy first, and the choice is in the URL.
        await page.Locator("th[data-column='metrics.accuracy'] button").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("sort=metrics.accuracy"));
        await Expect(page.Locator("tr.run-row").First).ToContainTextAsync("trial-28");

        for (var i = 0; i < 4; i++)
            await page.Locator("tr.run-row").Nth(i).Locator("input[type=checkbox]").CheckAsync();
        await page.Locator("#compare-runs").ClickAsync();
        await Expect(page.Locator("#compare-table")).ToContainTextAsync("trial-28");
        await Expect(page.Locator("#compare-parallel .main-svg").First).ToBeVisibleAsync();
        await Expect(page.Locator("#compare-scatter .main-svg").First).ToBeVisibleAsync();
        await page.Locator("#compare-parallel").ScrollIntoViewIfNeededAsync();
        await E2EFixture.ScreenshotAsync(page, "compare-charts.png");

        await page.Locator("#compare-breadcrumbs a").Nth(1).ClickAsync(); // Experiments / <the experiment> / Compare
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/experiments/{experiment}"));
        await Expect(page.Locator("tr.run-row").First).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_100000_point_metric_draws_in_the_browser_and_prints_how_long_it_took()
    {
        using var api = new HttpClient { BaseAddress = new Uri(fixture.Open.BaseUrl) };
        var experiment = (await PostAsync(api, "experiments/create", new { name = $"long-{Guid.NewGuid():N}"[..13] })).GetProperty("experiment_id").GetString();
        var runId = (await PostAsync(api, "runs/create", new { experiment_id = experiment, run_name = "long" }))
            .GetProperty("run").GetProperty("info").GetProperty("run_id").GetString();
        for (var offset = 0; offset < 100_000; offset += 1000)
        {
            var metrics = Enumerable.Range(offset, 1000)
                .Select(step => new { key = "loss", value = Math.Sin(step / 500.0) + (step == 54_321 ? 5 : 0), timestamp = 1_700_000_000_000L + step, step = (long)step });
            await PostAsync(api, "runs/log-batch", new { run_id = runId, metrics });
        }
        var page = await fixture.OpenAsync($"/workspaces/default/runs/{runId}");
        // From the click on the tab (the circuit is live) to the drawn chart: the server's sampled read plus Plotly.
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await page.GetByRole(Microsoft.Playwright.AriaRole.Tab, new() { Name = "Metrics (1)" }).ClickAsync();
        await Expect(page.Locator(".main-svg").First).ToBeVisibleAsync();
        var drawn = watch.ElapsedMilliseconds;
        // The one-point spike (about 5.97) survived the sampling: it is the series' max.
        await Expect(page.Locator("tr.chart-series td").Nth(2)).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^5\.9"));
        // Again, with plotly.js already loaded in the page (the first draw includes fetching and compiling it).
        await page.GetByRole(Microsoft.Playwright.AriaRole.Tab, new() { Name = "Overview" }).ClickAsync();
        await Expect(page.Locator(".main-svg")).ToHaveCountAsync(0);
        watch.Restart();
        await page.GetByRole(Microsoft.Playwright.AriaRole.Tab, new() { Name = "Metrics (1)" }).ClickAsync();
        await Expect(page.Locator(".main-svg").First).ToBeVisibleAsync();
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"100,000-point metric: tab click to a drawn chart in {drawn} ms with plotly.js still to load, {watch.ElapsedMilliseconds} ms once it is loaded");
        await page.Context.CloseAsync();
    }

    /// <summary>30 runs: learning rate and optimizer as params, a 20-step loss curve and one final accuracy each.</summary>
    private async Task<string> LogSweepAsync()
    {
        using var api = new HttpClient { BaseAddress = new Uri(fixture.Open.BaseUrl) };
        var created = await PostAsync(api, "experiments/create", new { name = $"sweep-{Guid.NewGuid():N}"[..14] });
        var experiment = created.GetProperty("experiment_id").GetString()!;
        for (var i = 0; i < Runs; i++)
        {
            var run = await PostAsync(api, "runs/create", new { experiment_id = experiment, run_name = $"trial-{i:00}", start_time = 1_700_000_000_000L + i });
            var runId = run.GetProperty("run").GetProperty("info").GetProperty("run_id").GetString();
            var lr = 0.001 * (i + 1);
            var metrics = Enumerable.Range(0, 20)
                .Select(step => new { key = "loss", value = Math.Exp(-step * lr * 10) + (0.01 * i), timestamp = 1_700_000_000_000L + (step * 1000), step = (long)step })
                .Append(new { key = "accuracy", value = 0.5 + (i / 60.0), timestamp = 1_700_000_100_000L, step = 0L });
            var parameters = new[]
            {
                new { key = "lr", value = lr.ToString(CultureInfo.InvariantCulture) },
                new { key = "optimizer", value = i % 2 == 0 ? "adam" : "sgd" },
            };
            await PostAsync(api, "runs/log-batch", new { run_id = runId, metrics, @params = parameters });
        }
        return experiment;
    }

    private static async Task<JsonElement> PostAsync(HttpClient api, string rpc, object body)
    {
        using var response = await api.PostAsJsonAsync($"/api/2.0/mlflow/{rpc}", body, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"{rpc}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
