using Workspaces.Data.Workspaces;

namespace Workspaces.Tests.Unit.Data;

/// <summary>The workspaces file's shape and checks (issue 15 §2): every problem reported with its line, all at once.</summary>
public sealed class WorkspaceFileTests
{
    [Fact]
    public void A_valid_file_lists_its_workspaces_sorted_and_keeps_default_when_it_names_none()
    {
        var parsed = WorkspaceFile.Parse("""
            workspaces:
              - name: team-b
              - name: team-a
                description: Team A
                default_artifact_root: s3://team-a-artifacts
            """);
        Assert.True(parsed.IsSuccess, parsed.Error?.Message);
        Assert.Equal(["default", "team-a", "team-b"], parsed.Value.Workspaces.Select(w => w.Name));
        Assert.Equal("default", parsed.Value.DefaultWorkspace);
        var a = parsed.Value.Workspaces.Single(w => w.Name == "team-a");
        Assert.Equal(("Team A", "s3://team-a-artifacts"), (a.Description, a.DefaultArtifactRoot));
    }

    [Theory]
    [InlineData("default: team-a\nworkspaces:\n  - name: team-a\n", "team-a")]
    [InlineData("default: null\nworkspaces:\n  - name: team-a\n", null)]
    [InlineData("default: ~\nworkspaces:\n  - name: team-a\n", null)]
    public void A_default_names_a_listed_workspace_or_none_and_then_default_is_not_added(string text, string? expected)
    {
        var parsed = WorkspaceFile.Parse(text);
        Assert.True(parsed.IsSuccess, parsed.Error?.Message);
        Assert.Equal(expected, parsed.Value.DefaultWorkspace);
        Assert.Equal(["team-a"], parsed.Value.Workspaces.Select(w => w.Name));
    }

    [Fact]
    public void The_json_form_reads_the_same()
    {
        var parsed = WorkspaceFile.Parse("""{"default": "team-a", "workspaces": [{"name": "team-a", "description": "A"}, {"name": "team-b"}]}""");
        Assert.True(parsed.IsSuccess, parsed.Error?.Message);
        Assert.Equal(["team-a", "team-b"], parsed.Value.Workspaces.Select(w => w.Name));
        Assert.Equal("team-a", parsed.Value.DefaultWorkspace);
    }

    [Fact]
    public void Every_problem_is_named_with_its_line()
    {
        var parsed = WorkspaceFile.Parse("""
            default: team-z
            workspaces:
              - name: Team_A
              - name: team-b
              - name: team-b
              - description: no name
              - name: team-c
                colour: blue
              - name: team--d
            """);
        Assert.False(parsed.IsSuccess);
        var lines = parsed.Error.Message.Split('\n');
        Assert.Contains(lines, l => l.StartsWith("line 3:", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("line 5:", StringComparison.Ordinal) && l.Contains("listed twice (first on line 4)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("line 6:", StringComparison.Ordinal) && l.Contains("needs a 'name'", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("line 8:", StringComparison.Ordinal) && l.Contains("unknown key 'colour'", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("line 9:", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("line 1:", StringComparison.Ordinal) && l.Contains("'team-z' is not listed", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_a_server_root_every_workspace_needs_its_own()
    {
        var parsed = WorkspaceFile.Parse("workspaces:\n  - name: team-a\n    default_artifact_root: s3://a\n  - name: team-b\n", serverHasRoot: false);
        Assert.False(parsed.IsSuccess);
        Assert.Equal("line 4: workspace 'team-b' needs a default_artifact_root: the server has no --default-artifact-root", parsed.Error.Message);
    }

    [Theory]
    [InlineData("workspaces: [")]
    [InlineData("- just a list")]
    [InlineData("workspaces: team-a")]
    [InlineData("")]
    public void A_file_of_the_wrong_shape_is_refused(string text) => Assert.False(WorkspaceFile.Parse(text).IsSuccess);
}
