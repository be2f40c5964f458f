using Microsoft.EntityFrameworkCore;
using Workspaces.Api;
using Workspaces.Data;
using Workspaces.Data.Auth;
using Workspaces.Data.Schema;
using Workspaces.Data.Store;
using Workspaces.Data.Workspaces;
using Workspaces.Web.Auth;
using Workspaces.Web.Components;
using Workspaces.Web.Endpoints;
using Workspaces.Web.Hosting;

var parsed = CommandLine.Parse(args);
if (!parsed.IsSuccess)
    return Fail(parsed.Error.Message, exitCode: 2);
if (parsed.Value is HelpCommand)
{
    Console.WriteLine(CommandLine.Usage);
    return 0;
}
var mlflowEnvironment = MlflowEnvironment.Read(Environment.GetEnvironmentVariables());
if (!mlflowEnvironment.IsSuccess)
    return Fail(mlflowEnvironment.Error.Message, exitCode: 2);

var configured = parsed.Value as ConfiguredCommand;
var hostArgs = configured?.HostArgs.ToArray() ?? [];
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = hostArgs,
    // The app's own folder, so a published app finds appsettings.json and wwwroot from any working
    // directory (relative store paths still resolve against the working directory, as in MLflow).
    ContentRootPath = hostArgs.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase)) ? null : AppContext.BaseDirectory,
});
HostConfiguration.Apply(builder.Configuration, mlflowEnvironment.Value, configured?.Settings ?? new Dictionary<string, string?>());

if (parsed.Value is DbUpgradeCommand upgrade)
    return await DbUpgrade.RunAsync(upgrade.StoreUri, builder.Configuration);
if (parsed.Value is GcCommand gc)
    return await GarbageCollection.RunAsync(gc.Request, builder.Configuration);
if (parsed.Value is SetPasswordCommand setPassword)
    return await UserPasswordReset.RunAsync(setPassword.Username, builder.Configuration);
if (parsed.Value is RotateKekCommand rotate)
    return await KekRotation.RunAsync(rotate.NewVersion, builder.Configuration);

var early = StartupChecks.ReadSettings(builder.Configuration);
if (!early.IsSuccess)
    return Fail(early.Error.Message);
builder.WebHost.UseUrls(StartupChecks.ListenUrl(early.Value));
builder.WebHost.UseStaticWebAssets();

// Settings and the store are read when first resolved, i.e. after the host applied every configuration
// source (test hosts add theirs at Build time).
builder.Services.AddSingleton(sp => StartupChecks.ReadSettings(sp.GetRequiredService<IConfiguration>()).Value);
builder.Services.AddSingleton(sp => StartupChecks.ReadAuth(sp.GetRequiredService<IConfiguration>()).Value);
builder.Services.AddSingleton(sp => StartupChecks.ReadGateway(sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<ServerSettings>()).Value);
builder.Services.AddSingleton(sp => new StoreConnection(
    StartupChecks.Validate(sp.GetRequiredService<ServerSettings>(), sp.GetRequiredService<IConfiguration>()).Value));
builder.Services.AddWorkspacesData();
builder.Services.AddSharedKeyStorage(builder.Configuration);
builder.Services.AddServerMetrics(builder.Configuration);
builder.Services.AddServerTracing(builder.Configuration);
builder.Services.AddShutdownDrain();
builder.Services.AddApiDocumentation();
builder.Services.AddBrowserAuthentication(builder.Configuration);
builder.Services.AddAuthorization();
builder.Services.AddWorkspacesUi();
builder.Services.AddCascadingAuthenticationState();
builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, SessionRevalidation>();

var app = builder.Build();

var settings = StartupChecks.ReadSettings(app.Configuration);
if (!settings.IsSuccess)
    return Fail(settings.Error.Message);
var location = StartupChecks.Validate(settings.Value, app.Configuration);
if (!location.IsSuccess)
    return Fail(location.Error.Message);
var initialized = await app.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync(CancellationToken.None);
if (!initialized.IsSuccess)
    return Fail(initialized.Error.Message);
// The workspace catalog: a workspaces file is read (and checked) now, so a bad file stops the server with its problems.
var workspaceFile = WorkspaceStores.FilePath(settings.Value);
if (!workspaceFile.IsSuccess)
    return Fail(workspaceFile.Error.Message);
if (workspaceFile.Value is not null)
{
    var loaded = await app.Services.GetRequiredService<FileWorkspaceCatalog>().LoadAsync(CancellationToken.None);
    if (!loaded.IsSuccess)
        return Fail(loaded.Error.Message);
}
var gateway = StartupChecks.ReadGateway(app.Configuration, settings.Value);
if (!gateway.IsSuccess)
    return Fail(gateway.Error.Message);
if (gateway.Value.UsesDefaultPassphrase)
{
    app.Logger.LogWarning("AI Gateway API keys are encrypted with MLflow's built-in development passphrase. Set MLFLOW_CRYPTO_KEK_PASSPHRASE{Beyond}.",
        gateway.Value.PublicBind ? "; until then creating or updating keys is refused on this non-loopback address" : " before real keys are stored");
}
var auth = app.Services.GetRequiredService<AuthSettings>();
if (auth.Enabled)
{
    await using var scope = app.Services.CreateAsyncScope();
    var users = scope.ServiceProvider.GetRequiredService<UserService>();
    await users.EnsureAdminAsync(auth.AdminUsername, auth.AdminPassword, CancellationToken.None);
    var shipped = await StartupChecks.CheckAdminPasswordsAsync(settings.Value, auth, users, CancellationToken.None);
    if (!shipped.IsSuccess)
        return Fail(shipped.Error.Message);
}

// Order matters: behind a trusted proxy the client's scheme, host and address are known first (the cookie's
// Secure flag, same-origin checks and the sign-in throttle use them); errors become envelopes; a stopping server
// refuses new requests before any work is done for them; routing picks the endpoint next, so "public" is decided by
// the matched route, never by the path's text; the cookie is read before API authentication (a signed-in browser may
// call the API); credentials are checked before the workspace header is resolved.
if (settings.Value.ForwardedHeaders)
    app.UseForwardedHeaders(ProxySetup.Options(settings.Value).Value);
app.UseMlflowErrors();
app.UseShutdownDrain();
app.UseRouting();
app.UseAuthentication();
app.UseMlflowApi();
app.UseAuthorization();
app.UseMlflowAuthorization();
app.UseAntiforgery();
app.MapMlflowApi();
app.MapBrowserAuthEndpoints();
app.MapArtifactDownloads(requireSignIn: auth.Enabled);
app.MapStaticAssets();
app.MapServerMetrics();
app.MapApiDocumentation();
var pages = app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
pages.Finally(NotFoundRoute.KeepServicePathsOut); // unknown API paths keep their JSON 404
if (auth.Enabled)
    pages.RequireAuthorization();

int workspaceCount;
await using (var db = app.Services.GetRequiredService<StoreConnection>().CreateContext(new Workspaces.Data.Tenancy.WorkspaceContext()))
    workspaceCount = await db.Workspaces.CountAsync();
var banner = StartupBanner.Text(settings.Value, location.Value, auth, workspaceCount, StartupChecks.ListenUrl(settings.Value));
app.Lifetime.ApplicationStarted.Register(() => Console.WriteLine(banner));

try
{
    await app.RunAsync();
}
catch (IOException ex)
{
    return Fail($"Cannot listen on {StartupChecks.ListenUrl(settings.Value)}: {ex.Message}");
}
return 0;

static int Fail(string message, int exitCode = 1)
{
    Console.Error.WriteLine($"error: {message.ReplaceLineEndings(" ")}");
    return exitCode;
}
