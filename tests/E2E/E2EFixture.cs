using Microsoft.Playwright;

[assembly: AssemblyFixture(typeof(Workspaces.Tests.E2E.E2EFixture))]

namespace Workspaces.Tests.E2E;

/// <summary>
/// One Chromium for the whole E2E assembly and three servers: the app with auth off, the app with auth on
/// (local login form plus OpenID Connect), and the test identity provider the latter trusts. Each test gets
/// its own browser context, so sessions never leak between tests.
/// </summary>
public sealed class E2EFixture : IAsyncLifetime
{
    public const string AdminPassword = "e2e-admin-password-1";
    private const string ClientId = "workspaces-e2e";
    private const string ClientSecret = "e2e-client-secret";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "workspaces-e2e", Guid.NewGuid().ToString("N"));
    private IPlaywright? _playwright;

    /// <summary>Auth off: what a single-team install looks like.</summary>
    public AppServer Open { get; private set; } = null!;

    /// <summary>Auth on, with the local form and single sign-on through <see cref="Idp"/>.</summary>
    public AppServer Secured { get; private set; } = null!;

    public TestIdentityProvider Idp { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Open = new AppServer(Path.Combine(_directory, "open"), new Dictionary<string, string>());
        Idp = await TestIdentityProvider.StartAsync();
        Secured = new AppServer(Path.Combine(_directory, "secured"), new Dictionary<string, string>
        {
            ["Auth:Enabled"] = "true",
            ["Auth:AdminPassword"] = AdminPassword,
            ["Auth:Oidc:Authority"] = Idp.Authority,
            ["Auth:Oidc:ClientId"] = ClientId,
            ["Auth:Oidc:ClientSecret"] = ClientSecret,
            ["Auth:Oidc:Scopes"] = "openid profile",
            ["Auth:Oidc:AdminGroupValue"] = TestIdentityProvider.AdminGroup,
            ["Auth:Oidc:RequireHttpsMetadata"] = "false",
            ["Auth:Oidc:DisplayName"] = "Sign in with Test IdP",
        });
        // The handler reads the provider's metadata on the first challenge, so registering now is in time.
        await Idp.RegisterClientAsync(ClientId, ClientSecret, Secured.BaseUrl);

        // Playwright's 5 s default for assertions is tight for a Blazor circuit's first render on a busy CI machine.
        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
            Headless = true,
            // Keep Chromium off the (closed) network.
            Args = ["--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    /// <summary>A fresh page in its own context on <paramref name="server"/>, not yet navigated.</summary>
    public async Task<IPage> NewPageAsync(AppServer server)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = server.BaseUrl });
        return await context.NewPageAsync();
    }

    /// <summary>A fresh page on the open server, already at <paramref name="path"/> with a live circuit.</summary>
    public async Task<IPage> OpenAsync(string path)
    {
        var page = await NewPageAsync(Open);
        await page.GotoAsync(path);
        await WaitForCircuitAsync(page);
        return page;
    }

    /// <summary>A fresh page on the secured server, signed in through the local form, on the home page with a live circuit.</summary>
    public async Task<IPage> SignInAsync(string username, string password)
    {
        var page = await NewPageAsync(Secured);
        await page.GotoAsync("/login");
        await page.Locator("#username").FillAsync(username);
        await page.Locator("#password").FillAsync(password);
        await page.Locator("#signin").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(Landing(Secured));
        await WaitForCircuitAsync(page);
        return page;
    }

    /// <summary>Where a sign-in lands: the start page, which moves on to the workspace list or the last workspace.</summary>
    public static System.Text.RegularExpressions.Regex Landing(AppServer server) =>
        new("^" + System.Text.RegularExpressions.Regex.Escape(server.BaseUrl) + "/workspaces.*$");

    /// <summary>Clicks on the prerendered page before the circuit connects are lost: wait for it.</summary>
    public static async Task WaitForCircuitAsync(IPage page) =>
        await Assertions.Expect(page.Locator("#interactive")).ToHaveAttributeAsync("data-interactive", "True");

    /// <summary>README pictures: saved only when WORKSPACES_SCREENSHOTS names a folder (e.g. docs/screenshots).</summary>
    public static async Task ScreenshotAsync(IPage page, string fileName)
    {
        if (Environment.GetEnvironmentVariable("WORKSPACES_SCREENSHOTS") is { Length: > 0 } folder)
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, fileName) });
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
            await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (Secured is not null)
            await Secured.DisposeAsync();
        if (Idp is not null)
            await Idp.DisposeAsync();
        if (Open is not null)
            await Open.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort cleanup of the temp folder.
        }
    }
}
