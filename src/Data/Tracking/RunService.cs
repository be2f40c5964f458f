using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Artifacts;
using Workspaces.Data.Common;
using Workspaces.Data.Entities;
using Workspaces.Data.Errors;

namespace Workspaces.Data.Tracking;

/// <summary>Runs of the current workspace: create, read, update, delete/restore and tag deletion.</summary>
public sealed class RunService(
    IDbContextFactory<TrackingDbContext> dbFactory,
    RunLookup lookup,
    RunStateCache cache,
    TimeProvider time,
    Auth.Authorizer authz,
    Auth.AccessService accessService)
{
    /// <summary>Run ids per query: a model's version list can name many runs, and each id is a bound value.</summary>
    private const int NamesPerQuery = 500;

    public async Task<Result<RunDto>> CreateAsync(CreateRunRequest request, CancellationToken ct)
    {
        var experimentId = ExperimentIds.Parse(request.ExperimentId);
        if (!experimentId.IsSuccess)
            return experimentId.Error;
        if (await authz.ExperimentAsync(experimentId.Value, Common.AccessLevel.Update, ct) is { } denied)
            return denied;
        var tags = new List<KeyValue>();
        for (var i = 0; i < request.Tags.Count; i++)
        {
            var tag = request.Tags[i];
            if ((TrackingValidation.TagName(tag.Key, $"tags[{i}].key") ?? TrackingValidation.TagKeyLength(tag.Key, $"tags[{i}].key")
                    ?? StoredText.NoNul(tag.Value, $"tags[{i}].value")) is { } bad)
                return bad;
            tags.Add(tag with { Value = TrackingValidation.TruncateTagValue(tag.Value ?? "") });
        }
        if ((StoredText.NoNul(request.RunName, "run_name") ?? StoredText.Check(request.UserId, "user_id", StoredText.UserId)) is { } badField)
            return badField;
        var nameTag = tags.LastOrDefault(t => t.Key == RunLoggingService.RunNameTag)?.Value;
        var runName = string.IsNullOrEmpty(request.RunName) ? null : request.RunName;
        if (runName is not null && !string.IsNullOrEmpty(nameTag) && runName != nameTag)
        {
            return Error.InvalidParameter("Both 'run_name' argument and 'mlflow.runName' tag are specified, but with different values "
                + $"(run_name='{runName}', mlflow.runName='{nameTag}').");
        }
        runName ??= string.IsNullOrEmpty(nameTag) ? Identifiers.NewRunName() : nameTag;

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var experiment = await db.Experiments.FirstOrDefaultAsync(e => e.ExperimentId == experimentId.Value, ct);
        if (experiment is null)
            return ExperimentIds.NotFound(ExperimentIds.Format(experimentId.Value));
        if (experiment.LifecycleStage != Experiment.ActiveStage)
            return ExperimentIds.NotActive(experiment.ExperimentId, experiment.LifecycleStage);

        var runId = Identifiers.NewRunId();
        var run = new Run
        {
            RunUuid = runId,
            Name = runName.Length > StoredText.RunName ? runName[..StoredText.RunName] : runName,
            UserId = request.UserId ?? "",
            StartTime = request.StartTime ?? time.GetUtcNow().ToUnixTimeMilliseconds(),
            ExperimentId = experiment.ExperimentId,
            ArtifactUri = ArtifactUri.Append(experiment.ArtifactLocation ?? "", runId, "artifacts"),
        };
        db.Runs.Add(run);
        var merged = tags.GroupBy(t => t.Key, StringComparer.Ordinal).Select(g => g.Last()).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);
        merged[RunLoggingService.RunNameTag] = TrackingValidation.TruncateTagValue(runName);
        db.RunTags.AddRange(merged.Select(t => new RunTag { RunUuid = runId, Key = t.Key, Value = t.Value }));
        await db.SaveChangesAsync(ct);
        return (await RunReader.LoadAsync(db, [runId], ct))[0];
    }

    public async Task<Result<RunDto>> GetAsync(string runId, CancellationToken ct)
    {
        if (await lookup.AuthorizeAsync(runId, Common.AccessLevel.Read, ct) is { } denied)
            return denied;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var runs = await RunReader.LoadAsync(db, [runId], ct);
        return runs.Count == 0 ? NotFoundErrors.Run(runId) : runs[0];
    }

    /// <summary>
    /// The names of those of <paramref name="runIds"/> that are runs of this workspace in experiments the caller may
    /// read, for pages that link runs by name (a model's versions); any other id is left out, so no name is revealed.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> NamesAsync(IReadOnlyCollection<string> runIds, CancellationToken ct)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        if (runIds.Count == 0)
            return names;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var runs = new List<(string RunId, string? Name, long ExperimentId)>();
        foreach (var chunk in runIds.Distinct(StringComparer.Ordinal).Chunk(NamesPerQuery))
        {
            var ids = chunk.ToList();
            var found = await db.Runs.Where(r => ids.Contains(r.RunUuid)).Select(r => new { r.RunUuid, r.Name, r.ExperimentId }).ToListAsync(ct);
            runs.AddRange(found.Select(r => (r.RunUuid, r.Name, r.ExperimentId)));
        }
        var readable = (await accessService.ReadableExperimentsAsync(runs.Select(r => r.ExperimentId).Distinct().ToList(), ct)).ToHashSet();
        foreach (var run in runs.Where(r => !string.IsNullOrEmpty(r.Name) && readable.Contains(r.ExperimentId)))
            names[run.RunId] = run.Name!;
        return names;
    }

    public async Task<Result<RunInfoDto>> UpdateAsync(string runId, string? status, long? endTime, string? runName, CancellationToken ct)
    {
        if (StoredText.NoNul(runName, "run_name") is { } badName)
            return badName;
        if (await lookup.AuthorizeAsync(runId, Common.AccessLevel.Update, ct) is { } denied)
            return denied;
        var state = await lookup.ActiveAsync(runId, ct);
        if (!state.IsSuccess)
            return state.Error;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var run = await db.Runs.AsTracking().FirstOrDefaultAsync(r => r.RunUuid == runId, ct);
        if (run is null)
            return NotFoundErrors.Run(runId);
        if (status is not null)
            run.Status = status;
        if (endTime is not null)
            run.EndTime = endTime;
        if (!string.IsNullOrEmpty(runName))
        {
            run.Name = runName.Length > StoredText.RunName ? runName[..StoredText.RunName] : runName;
            var tag = await db.RunTags.AsTracking().FirstOrDefaultAsync(t => t.RunUuid == runId && t.Key == RunLoggingService.RunNameTag, ct);
            if (tag is null)
                db.RunTags.Add(new RunTag { RunUuid = runId, Key = RunLoggingService.RunNameTag, Value = TrackingValidation.TruncateTagValue(runName) });
            else
                tag.Value = TrackingValidation.TruncateTagValue(runName);
        }
        await db.SaveChangesAsync(ct);
        return RunReader.ToInfo(run);
    }

    public Task<Result> DeleteAsync(string runId, CancellationToken ct) => SetStageAsync(runId, Experiment.DeletedStage, ct);

    public Task<Result> RestoreAsync(string runId, CancellationToken ct) => SetStageAsync(runId, Experiment.ActiveStage, ct);

    /// <summary>What the caller may do with a run, for showing buttons; operations decide again themselves.</summary>
    public Task<Common.Permission> PermissionAsync(string runId, CancellationToken ct) => authz.OnRunAsync(runId, ct);

    public async Task<Result> DeleteTagAsync(string runId, string key, CancellationToken ct)
    {
        if (await lookup.AuthorizeAsync(runId, Common.AccessLevel.Update, ct) is { } denied)
            return denied;
        var state = await lookup.ActiveAsync(runId, ct);
        if (!state.IsSuccess)
            return state.Error;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var removed = await db.RunTags.Where(t => t.RunUuid == runId && t.Key == key).ExecuteDeleteAsync(ct);
        return removed == 0 ? Error.NotFound($"No tag with name: {key} in run with id {runId}") : Result.Ok;
    }

    private async Task<Result> SetStageAsync(string runId, string stage, CancellationToken ct)
    {
        if (await lookup.AuthorizeAsync(runId, Common.AccessLevel.Delete, ct) is { } denied)
            return denied;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        long? deletedTime = stage == Experiment.DeletedStage ? time.GetUtcNow().ToUnixTimeMilliseconds() : null;
        var changed = await db.Runs.Where(r => r.RunUuid == runId)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.LifecycleStage, stage).SetProperty(r => r.DeletedTime, deletedTime), ct);
        cache.Forget(runId);
        return changed == 0 ? NotFoundErrors.Run(runId) : Result.Ok;
    }
}
