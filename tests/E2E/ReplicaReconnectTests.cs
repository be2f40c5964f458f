using Microsoft.Playwright;
using Workspaces.Testing;
using Workspaces.Tests.Unit.Infrastructure;

namespace Workspaces.Tests.E2E;

/// <summary>
/// Issue 18: a Blazor circuit lives in one replica's memory, so the load balancer keeps a browser on one replica (its
/// affinity cookie). When that replica goes away, the browser's reconnect lands on another replica, which does not know
/// the circuit: the page must come back by itself as a new circuit, on the same URL, still signed in (the cookie is
/// readable by every replica because the Data Protection keys live in the shared database).
/// </summary>
public sealed class ReplicaReconnectTests(E2EFixture fixture, ReplicaCluster cluster) : IClassFixture<ReplicaCluster>
{
    [Fact]
    public async Task A_page_whose_replica_restarts_comes_back_on_the_other_replica_signed_in_on_the_same_url()
    {
        if (cluster.Database is null)
            Assert.Skip($"{PostgresDb.Variable} is not set");
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = cluster.Proxy.Address.ToString().TrimEnd('/') });
        var page = await context.NewPageAsync();
        var documents = new List<string>();
        page.Response += (_, response) =>
        {
            if (response.Request.ResourceType == "document" && response.Headers.TryGetValue(ReplicaProxy.ReplicaHeader.ToLowerInvariant(), out var replica))
                lock (documents)
                    documents.Add(replica);
        };

        await page.GotoAsync("/login");
        await page.Locator("#username").FillAsync("admin");
        await page.Locator("#password").FillAsync(ReplicaCluster.AdminPassword);
        await page.Locator("#signin").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/workspaces"));
        await page.GotoAsync("/workspaces/default/experiments");
        await E2EFixture.WaitForCircuitAsync(page);
        var url = page.Url;
        string home;
        lock (documents)
            home = documents[^1];
        await page.EvaluateAsync("() => { window.beforeRestart = true; }");

        // Stop the replica holding the circuit (SIGTERM, as an orchestrator does).
        var index = home == "replica-1" ? 0 : 1;
        Assert.Equal(0, await cluster.StopAsync(index));

        // Blazor reconnects, the other replica refuses the unknown circuit, and the page reloads itself there.
        await page.WaitForFunctionAsync("() => window.beforeRestart === undefined", null, new PageWaitForFunctionOptions { Timeout = 90_000 });
        await E2EFixture.WaitForCircuitAsync(page);
        Assert.Equal(url, page.Url);
        await Assertions.Expect(page.GetByText("admin").First).ToBeVisibleAsync();
        lock (documents)
            Assert.NotEqual(home, documents[^1]);
        await context.CloseAsync();
        await cluster.StartAsync(index);
    }
}
