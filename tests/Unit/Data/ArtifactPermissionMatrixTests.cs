using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Workspaces.Data.ArtifactAccess;
using Workspaces.Data.Common;
using Workspaces.Data.Errors;
using Workspaces.Data.Registry;
using Workspaces.Data.Tracking;
using Workspaces.Tests.Unit.Infrastructure;
using static Workspaces.Tests.Unit.Infrastructure.ServiceAccessWorld<Workspaces.Tests.Unit.Infrastructure.SqliteDb>;

namespace Workspaces.Tests.Unit.Data;

/// <summary>
/// The artifact decision where it lives (issue 13): proxied paths, run files, logged-model and model-version files,
/// asked of <see cref="ArtifactService"/> and <see cref="ArtifactWrites"/> with no HTTP in between, by each kind of
/// caller. A proxied path is judged by the experiment it lies under, else the workspace, and is never hidden (the
/// caller wrote the path); entities answer their hidden 404 to callers who may not know they exist.
/// </summary>
public abstract class ArtifactPermissionMatrixTests<TDb>(ServiceAccessWorld<TDb> world) : IClassFixture<ServiceAccessWorld<TDb>>
    where TDb : IDatabaseKind
{
    /// <summary>How a denial looks: entities may be hidden; a proxied path is always a 403, judged by its experiment or by the workspace alone.</summary>
    private enum Judged
    {
        Entity,
        ExperimentPath,
        WorkspacePath,
    }

    private sealed record Operation(AccessLevel Level, Judged By, Func<IServiceProvider, Target, Task<Error?>> Act);

    /// <summary>Fresh per case: an experiment with a run, a logged model and a registered model's version, each with a file, and a loose file.</summary>
    private sealed record Target(string Experiment, string Run, string LoggedModel, string Model, string Loose)
    {
        public string InExperiment => $"{Experiment}/extra";
    }

    private static readonly Dictionary<string, Operation> Operations = new()
    {
        ["proxied.experiment.list"] = new(AccessLevel.Read, Judged.ExperimentPath, (s, t) => ListAsync(s, t.InExperiment)),
        ["proxied.experiment.read"] = new(AccessLevel.Read, Judged.ExperimentPath, (s, t) => ReadAsync(s, $"{t.InExperiment}/f.txt")),
        ["proxied.experiment.write"] = new(AccessLevel.Update, Judged.ExperimentPath, (s, t) => UploadAsync(s, $"{t.InExperiment}/new.txt")),
        ["proxied.experiment.delete"] = new(AccessLevel.Delete, Judged.ExperimentPath, (s, t) => DeleteAsync(s, $"{t.InExperiment}/f.txt")),
        ["proxied.workspace.list"] = new(AccessLevel.Read, Judged.WorkspacePath, (s, t) => ListAsync(s, t.Loose)),
        ["proxied.workspace.read"] = new(AccessLevel.Read, Judged.WorkspacePath, (s, t) => ReadAsync(s, $"{t.Loose}/f.txt")),
        ["proxied.workspace.write"] = new(AccessLevel.Update, Judged.WorkspacePath, (s, t) => UploadAsync(s, $"{t.Loose}/new.txt")),
        ["proxied.workspace.delete"] = new(AccessLevel.Delete, Judged.WorkspacePath, (s, t) => DeleteAsync(s, $"{t.Loose}/f.txt")),
        ["run.list"] = new(AccessLevel.Read, Judged.Entity, async (s, t) =>
            await ListedAsync(await s.GetRequiredService<ArtifactService>().ForRunAsync(t.Run, AccessLevel.Read, Ct), "")),
        ["run.read"] = new(AccessLevel.Read, Judged.Entity, async (s, t) =>
            await OpenedAsync(await s.GetRequiredService<ArtifactService>().ForRunAsync(t.Run, AccessLevel.Read, Ct), "f.txt")),
        ["run.upload"] = new(AccessLevel.Update, Judged.Entity, async (s, t) =>
            (await s.GetRequiredService<ArtifactWrites>().UploadToRunAsync(t.Run, "up.txt", Body(), 2, Ct)).Error),
        ["logged-model.read"] = new(AccessLevel.Read, Judged.Entity, async (s, t) =>
            await OpenedAsync(await s.GetRequiredService<ArtifactService>().ForLoggedModelAsync(t.LoggedModel, AccessLevel.Read, Ct), "MLmodel")),
        ["model-version.read"] = new(AccessLevel.Read, Judged.Entity, async (s, t) =>
            await OpenedAsync(await s.GetRequiredService<ArtifactService>().ForModelVersionAsync(t.Model, "1", AccessLevel.Read, Ct), "MLmodel")),
    };

    public static TheoryData<string, Caller> Cases() => ServiceAccessWorld<TDb>.AllCases(Operations.Keys);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_caller_gets_what_the_policy_says(string operation, Caller caller)
    {
        var op = Operations[operation];
        var target = await ArrangeAsync();
        var error = await world.AsAsync(caller, s => op.Act(s, target));
        var expected = ServiceAccessWorld<TDb>.Expected(caller, op.Level, onWorkspace: op.By == Judged.WorkspacePath);
        if (op.By == Judged.ExperimentPath && expected == Outcome.Hidden)
            expected = Outcome.Forbidden;
        AssertCell(operation, caller, expected, error);
        if (expected == Outcome.Allowed)
            Assert.Null(error);
    }

    [Theory]
    [InlineData("../escape.txt")]
    [InlineData("workspaces/someone-else/1/f.txt")]
    public async Task A_path_that_fails_the_checks_is_the_400_for_every_caller(string path)
    {
        foreach (var caller in new[] { Caller.None, Caller.Read, Caller.Admin })
        {
            var located = await world.AsAsync(caller, s => s.GetRequiredService<ArtifactService>().ProxiedAsync(path, AccessLevel.Delete, Ct));
            Assert.Equal(ErrorCode.InvalidParameterValue, located.Error?.Code);
        }
    }

    [Fact]
    public async Task A_refused_write_or_delete_leaves_storage_untouched()
    {
        var target = await ArrangeAsync();
        Assert.Equal(ErrorCode.PermissionDenied, (await world.AsAsync(Caller.Read, s => DeleteAsync(s, $"{target.InExperiment}/f.txt")))?.Code);
        Assert.Equal(ErrorCode.PermissionDenied, (await world.AsAsync(Caller.Explicit, s => UploadAsync(s, $"{target.Loose}/new.txt")))?.Code);

        Assert.Null(await world.AdminAsync(s => ReadAsync(s, $"{target.InExperiment}/f.txt")));
        Assert.Equal(["f.txt"], await world.AdminAsync(async s =>
            (await Must(await s.GetRequiredService<ArtifactService>().ProxiedAsync(target.Loose, AccessLevel.Read, Ct)).ListAsync("", Ct)).Select(e => e.Name).ToList()));
    }

    [Fact]
    public async Task The_run_upload_is_refused_before_its_body_is_read()
    {
        var target = await ArrangeAsync();
        var refused = await world.AsAsync(Caller.Read, async s =>
            (await s.GetRequiredService<ArtifactWrites>().UploadToRunAsync(target.Run, "up.txt", new UnreadableStream(), 2, Ct)).Error);
        Assert.Equal(ErrorCode.PermissionDenied, refused?.Code);
        var hidden = await world.AsAsync(Caller.None, async s =>
            (await s.GetRequiredService<ArtifactWrites>().UploadToRunAsync(target.Run, "up.txt", new UnreadableStream(), 2, Ct)).Error);
        Assert.Equal(ErrorCode.ResourceDoesNotExist, hidden?.Code);
    }

    private static async Task<Error?> ListAsync(IServiceProvider s, string path) =>
        await ListedAsync(await s.GetRequiredService<ArtifactService>().ProxiedAsync(path, AccessLevel.Read, Ct), "");

    private static async Task<Error?> ReadAsync(IServiceProvider s, string path) =>
        await OpenedAsync(await s.GetRequiredService<ArtifactService>().ProxiedAsync(path, AccessLevel.Read, Ct), "");

    private static async Task<Error?> UploadAsync(IServiceProvider s, string path) =>
        (await s.GetRequiredService<ArtifactWrites>().UploadAsync(path, Body(), 2, Ct)).Error;

    private static async Task<Error?> DeleteAsync(IServiceProvider s, string path) =>
        (await s.GetRequiredService<ArtifactWrites>().DeleteAsync(path, Ct)).Error;

    /// <summary>An allowed listing must show the arranged file, so "allowed" never hides a wrong location.</summary>
    private static async Task<Error?> ListedAsync(Result<ArtifactLocation> location, string relative)
    {
        if (!location.IsSuccess)
            return location.Error;
        var entries = await location.Value.ListAsync(relative, Ct);
        return entries.Any(e => e.Name == "f.txt") ? null : throw new InvalidOperationException($"f.txt not listed under {location.Value.RootUri}");
    }

    private static async Task<Error?> OpenedAsync(Result<ArtifactLocation> location, string relative)
    {
        if (!location.IsSuccess)
            return location.Error;
        await using var file = await location.Value.OpenAsync(relative, Ct) ?? throw new InvalidOperationException($"'{relative}' missing under {location.Value.RootUri}");
        return null;
    }

    private static MemoryStream Body() => new("ok"u8.ToArray());

    private async Task<Target> ArrangeAsync() => await world.AdminAsync(async s =>
    {
        var experiment = Must(await s.GetRequiredService<ExperimentService>().CreateAsync($"a-{Guid.NewGuid():N}", null, [], Ct));
        var run = Must(await s.GetRequiredService<RunService>().CreateAsync(new CreateRunRequest(experiment, "u", null, null, []), Ct));
        var logged = Must(await s.GetRequiredService<LoggedModelService>().CreateAsync(new CreateLoggedModelRequest(experiment, null, null, null, [], []), Ct));
        var model = $"m-{Guid.NewGuid():N}";
        Must(await s.GetRequiredService<RegisteredModelService>().CreateAsync(model, [], null, Ct));
        Must(await s.GetRequiredService<ModelVersionService>().CreateAsync(
            new CreateModelVersionRequest(model, run.Info.ArtifactUri + "/model", run.Info.RunId, [], null, null, null), Ct));
        var target = new Target(experiment, run.Info.RunId, logged.ModelId, model, $"loose-{Guid.NewGuid():N}");

        var artifacts = s.GetRequiredService<ArtifactService>();
        var writes = s.GetRequiredService<ArtifactWrites>();
        await WriteAsync(await artifacts.ForRunAsync(target.Run, AccessLevel.Update, Ct), "f.txt");
        await WriteAsync(await artifacts.ForLoggedModelAsync(target.LoggedModel, AccessLevel.Update, Ct), "MLmodel");
        await WriteAsync(await artifacts.ForModelVersionAsync(model, "1", AccessLevel.Update, Ct), "MLmodel");
        foreach (var path in new[] { $"{target.InExperiment}/f.txt", $"{target.Loose}/f.txt" })
            Ok(await writes.UploadAsync(path, Body(), 2, Ct));

        await world.GrantExperimentAsync(experiment);
        await world.GrantModelAsync(model);
        return target;
    });

    private static async Task WriteAsync(Result<ArtifactLocation> location, string relative)
    {
        var content = Encoding.UTF8.GetBytes("x");
        await Must(location).WriteAsync(relative, new MemoryStream(content), content.Length, Ct);
    }

    private static void Ok(Result result)
    {
        if (!result.IsSuccess)
            throw new InvalidOperationException(result.Error!.Message);
    }

    /// <summary>A body that fails the test if anything reads it.</summary>
    private sealed class UnreadableStream : MemoryStream
    {
        public override int Read(byte[] buffer, int offset, int count) => throw new InvalidOperationException("the body was read");

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("the body was read");

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("the body was read");
    }
}

public sealed class ArtifactPermissionMatrixTests_Sqlite(ServiceAccessWorld<SqliteDb> w) : ArtifactPermissionMatrixTests<SqliteDb>(w);

public sealed class ArtifactPermissionMatrixTests_Postgres(ServiceAccessWorld<PostgresDb> w) : ArtifactPermissionMatrixTests<PostgresDb>(w);

public sealed class ArtifactPermissionMatrixTests_MySql(ServiceAccessWorld<MySqlDb> w) : ArtifactPermissionMatrixTests<MySqlDb>(w);
