using Bunit;
using Workspaces.Data.Auth;
using Workspaces.Data.Common;
using Workspaces.Data.Errors;
using Workspaces.Data.Tracking;
using Workspaces.Tests.Unit.Infrastructure;
using Workspaces.Web.Components.Pages.Experiments;

namespace Workspaces.Tests.Unit.Ui;

/// <summary>
/// The runs table, a run and a logged model for a restricted user with READ: the pages read through the services
/// (a hidden one looks missing), show no write control, and a delete reached anyway is refused by <see cref="RunService"/>.
/// </summary>
public sealed class RunAccessTests(DataFixture<SqliteDb> data) : RestrictedPageTests(data)
{
    private sealed record World(string Ws, string ExperimentId, string RunId, string ModelId, Principal Reader);

    /// <summary>An experiment with a run and a logged model, and a reader signed in.</summary>
    private async Task<World> ArrangeAsync()
    {
        var ws = await NewWorkspaceAsync("runacl");
        var experiment = await WithAsync<ExperimentService, Result<string>>(s => s.CreateAsync("exp", null, [], Ct), ws);
        Assert.True(experiment.IsSuccess, experiment.Error?.Message);
        var run = await WithAsync<RunService, Result<RunDto>>(s => s.CreateAsync(new CreateRunRequest(experiment.Value, "someone", "run-1", null, []), Ct), ws);
        Assert.True(run.IsSuccess, run.Error?.Message);
        var model = await WithAsync<LoggedModelService, Result<LoggedModelDto>>(
            s => s.CreateAsync(new CreateLoggedModelRequest(experiment.Value, "model-1", null, run.Value.Info.RunId, [], []), Ct), ws);
        Assert.True(model.IsSuccess, model.Error?.Message);
        var reader = await SignInReaderAsync(ws);
        return new World(ws, experiment.Value, run.Value.Info.RunId, model.Value.ModelId, reader);
    }

    /// <summary>An explicit NO_PERMISSIONS on the experiment: the services refuse to read it.</summary>
    private async Task HideAsync(World world)
    {
        var grant = await WithAsync<GrantService, Result<ExperimentGrant>>(
            s => s.CreateExperimentAsync(world.ExperimentId, world.Reader.Username, Permission.None.Name, Ct), world.Ws);
        Assert.True(grant.IsSuccess, grant.Error?.Message);
    }

    [Fact]
    public async Task A_reader_sees_the_runs_without_delete_and_a_delete_reached_anyway_is_refused_with_a_message()
    {
        var world = await ArrangeAsync();
        var page = Render<RunsPage>(p => p.Add(x => x.Ws, world.Ws).Add(x => x.ExperimentId, world.ExperimentId));
        page.WaitForElement("#experiment-title");
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("#runs-empty")));
        Assert.Empty(page.FindAll("#delete-runs"));

        var view = page.FindComponent<RunsView>();
        SetField(view, "_selected", new HashSet<string> { world.RunId });
        var deleting = CallAsync(view, "DeleteAsync");
        Dialogs.WaitForAssertion(() => Assert.Contains(Dialogs.FindAll(".mud-dialog button"), b => b.TextContent.Trim() == "Delete"));
        await Dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Delete").ClickAsync(new());
        await deleting;

        ShowsRefusal();
        Assert.DoesNotContain("run(s) deleted", Snackbars.Markup, StringComparison.Ordinal);
        var stored = await WithAsync<RunService, Result<RunDto>>(s => s.GetAsync(world.RunId, Ct), world.Ws);
        Assert.Equal("active", stored.Value.Info.LifecycleStage);
    }

    [Fact]
    public async Task An_experiment_the_service_refuses_to_read_shows_as_missing()
    {
        var world = await ArrangeAsync();
        await HideAsync(world);

        var page = Render<RunsPage>(p => p.Add(x => x.Ws, world.Ws).Add(x => x.ExperimentId, world.ExperimentId));

        page.WaitForElement("#experiment-missing");
        Assert.Empty(page.FindAll("#runs-page-size"));
    }

    [Fact]
    public async Task A_reader_sees_a_run_and_a_logged_model_through_the_services_without_write_controls()
    {
        var world = await ArrangeAsync();

        var run = Render<RunDetailsPage>(p => p.Add(x => x.Ws, world.Ws).Add(x => x.RunId, world.RunId));
        run.WaitForAssertion(() => Assert.Equal("run-1", run.Find("#run-title").TextContent.Trim()));
        Assert.Empty(run.FindAll("#run-overview button"));

        var model = Render<Workspaces.Web.Components.Pages.Experiments.LoggedModelPage>(p => p.Add(x => x.Ws, world.Ws).Add(x => x.ModelId, world.ModelId));
        model.WaitForAssertion(() => Assert.Equal("model-1", model.Find("#logged-model-title").TextContent.Trim()));
        Assert.Empty(model.FindAll("#logged-model-details button"));
    }

    [Fact]
    public async Task A_run_and_a_logged_model_the_services_refuse_to_read_show_as_missing()
    {
        var world = await ArrangeAsync();
        await HideAsync(world); // before the first render: the page's scope caches grants

        var run = Render<RunDetailsPage>(p => p.Add(x => x.Ws, world.Ws).Add(x => x.RunId, world.RunId));
        run.WaitForElement("#run-missing");
        Assert.Empty(run.FindAll("#run-title"));

        var model = Render<Workspaces.Web.Components.Pages.Experiments.LoggedModelPage>(p => p.Add(x => x.Ws, world.Ws).Add(x => x.ModelId, world.ModelId));
        model.WaitForElement("#logged-model-missing");
    }

    [Fact]
    public async Task Compare_leaves_out_runs_the_service_refuses_to_read()
    {
        var world = await ArrangeAsync();
        await HideAsync(world);

        Enter(world.Ws);
        var page = Render<CompareView>(p => p.Add(x => x.RunIds, [world.RunId]));

        page.WaitForElement("#compare-empty");
    }
}
