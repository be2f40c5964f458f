using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Tenancy;
using Workspaces.Tests.Unit.Infrastructure;

namespace Workspaces.Tests.Unit.Data;

/// <summary>
/// The workspace context fails closed (issue 13 §3): unbound, it throws on <c>Name</c> and its filters match nothing;
/// reading across workspaces goes through the named mode only, and every use of it is listed here.
/// </summary>
public sealed partial class FailClosedTenancyTests(DataFixture<SqliteDb> data) : IClassFixture<DataFixture<SqliteDb>>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Where the all-workspaces mode is used, and why. A new use must be added here on purpose.</summary>
    private static readonly HashSet<(string File, string Reason)> ExpectedUses =
    [
        ("src/Data/Auth/AccessService.cs", "WorkspaceEntry"),
        ("src/Data/Auth/UserService.cs", "AccountGrants"),
        ("src/Data/Maintenance/ArtifactTreeGuard.cs", "GarbageCollection"),
        ("src/Data/Maintenance/GarbageCollector.cs", "GarbageCollection"),
        ("src/Data/Maintenance/GcPlanner.cs", "GarbageCollection"),
        ("src/Data/Maintenance/TombstoneRecorder.cs", "GarbageCollection"),
        ("src/Data/Workspaces/WorkspaceStatsService.cs", "WorkspaceStats"),
        ("src/Data/Gateway/GatewayKeyRotation.cs", "KeyRotation"),
        ("src/Data/Tracing/TraceTables.cs", "ScopedByParent"),
    ];

    [Fact]
    public void An_unbound_context_throws_on_its_name()
    {
        var context = new WorkspaceContext();
        Assert.False(context.IsBound);
        Assert.Throws<InvalidOperationException>(() => context.Name);
        Assert.Equal("team-a", WorkspaceContext.For("team-a").Name);
    }

    [Fact]
    public async Task An_unbound_context_sees_no_rows_not_the_default_workspace()
    {
        await using (var bound = data.Db())
            Assert.True(await bound.Experiments.AnyAsync(Ct)); // experiment 0 lives in default
        await using var unbound = data.Store.CreateContext(new WorkspaceContext());
        Assert.False(await unbound.Experiments.AnyAsync(Ct));
        Assert.False(await unbound.Runs.AnyAsync(Ct));
        Assert.True(await unbound.Experiments.AcrossAllWorkspaces(CrossWorkspaceReason.GarbageCollection).AnyAsync(Ct));
    }

    [Fact]
    public void Reading_across_workspaces_uses_the_named_mode_where_listed_only()
    {
        var root = RepositoryRoot();
        var uses = new HashSet<(string, string)>();
        var bare = new List<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "src"), "*.*", SearchOption.AllDirectories)
                     .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal)))
        {
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            var text = File.ReadAllText(file);
            if (relative != "src/Data/Tenancy/AllWorkspaces.cs" && text.Contains("IgnoreQueryFilters", StringComparison.Ordinal))
                bare.Add(relative);
            foreach (Match m in Use().Matches(text))
                uses.Add((relative, m.Groups[1].Value));
        }
        Assert.Empty(bare);
        Assert.True(uses.SetEquals(ExpectedUses), "uses: " + string.Join(", ", uses.Order()));
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Workspaces.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Workspaces.sln not found above the test binaries.");
    }

    [GeneratedRegex(@"AcrossAllWorkspaces\(CrossWorkspaceReason\.(\w+)\)")]
    private static partial Regex Use();
}
