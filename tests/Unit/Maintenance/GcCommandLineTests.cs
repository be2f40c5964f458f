using Workspaces.Web.Hosting;

namespace Workspaces.Tests.Unit.Maintenance;

public sealed class GcCommandLineTests
{
    [Fact]
    public void Gc_flags_and_server_flags_are_read_together()
    {
        var parsed = CommandLine.Parse(["gc", "--older-than", "30d", "--run-ids", "a, b", "--experiment-ids=1,2", "--logged-model-ids", "m-1",
            "--workspace", "team-a", "--backend-store-uri", "sqlite:///x.db", "--artifacts-destination", "/data/art", "--Server:Port=5001"]);
        var gc = Assert.IsType<GcCommand>(parsed.Value);
        Assert.Equal("30d", gc.Request.OlderThan);
        Assert.Equal(2_592_000_000L, gc.Request.OlderThanMs);
        Assert.Equal(["a", "b"], gc.Request.RunIds!);
        Assert.Equal(["1", "2"], gc.Request.ExperimentIds!);
        Assert.Equal(["m-1"], gc.Request.LoggedModelIds!);
        Assert.Equal("team-a", gc.Request.Workspace);
        Assert.Equal("sqlite:///x.db", gc.Settings["Server:BackendStoreUri"]);
        Assert.Equal("/data/art", gc.Settings["Server:ArtifactsDestination"]);
        Assert.Equal(["--Server:Port=5001"], gc.HostArgs);
    }

    [Fact]
    public void Bare_gc_sweeps_every_workspace()
    {
        var gc = Assert.IsType<GcCommand>(CommandLine.Parse(["gc"]).Value);
        Assert.Null(gc.Request.Workspace);
        Assert.False(gc.Request.HasExplicitIds);
        Assert.Null(gc.Request.OlderThan);
        Assert.Equal(0, gc.Request.OlderThanMs);
        Assert.Null(Assert.IsType<GcCommand>(CommandLine.Parse(["gc", "--all-workspaces", "--tracking-uri", "http://x"]).Value).Request.Workspace);
    }

    [Fact]
    public void Empty_lists_mean_not_given_and_empty_items_are_dropped()
    {
        Assert.Null(Assert.IsType<GcCommand>(CommandLine.Parse(["gc", "--run-ids", ""]).Value).Request.RunIds);
        Assert.Equal(["a", "b"], Assert.IsType<GcCommand>(CommandLine.Parse(["gc", "--run-ids", "a,,b,"]).Value).Request.RunIds!);
        Assert.Empty(Assert.IsType<GcCommand>(CommandLine.Parse(["gc", "--run-ids", ","]).Value).Request.RunIds!);
    }

    [Theory]
    [InlineData(new[] { "gc", "--workspace", "a", "--all-workspaces" }, "Cannot use --workspace and --all-workspaces together.")]
    [InlineData(new[] { "gc", "--older-than", "30" },
        "Could not parse any time information from '30'. Examples of valid strings: '8h', '2d8h5m20s', '2m4s'")]
    [InlineData(new[] { "gc", "--older-than" }, "Option '--older-than' needs a value. Run with --help for the options.")]
    [InlineData(new[] { "gc", "--jobs" }, "Unknown option '--jobs'. Run with --help for the options.")]
    [InlineData(new[] { "--older-than", "1d" }, "Unknown option '--older-than'. Run with --help for the options.")]
    public void Bad_gc_command_lines_are_refused(string[] args, string message) => Assert.Equal(message, CommandLine.Parse(args).Error!.Message);

    [Fact]
    public void Help_describes_gc_and_its_default()
    {
        Assert.IsType<HelpCommand>(CommandLine.Parse(["gc", "--help"]).Value);
        Assert.Contains("--older-than AGE", CommandLine.Usage, StringComparison.Ordinal);
        Assert.Contains("--all-workspaces                  every workspace (the default)", CommandLine.Usage, StringComparison.Ordinal);
    }
}
