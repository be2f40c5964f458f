using Workspaces.Data.Artifacts;

namespace Workspaces.Tests.Unit.Data;

/// <summary>The path gate every artifact request passes: MLflow's validate_path_is_safe, stricter, then workspace scoping.</summary>
public sealed class ArtifactPathTests
{
    [Theory]
    [InlineData("", "")]
    [InlineData("model/MLmodel", "model/MLmodel")]
    [InlineData("a//b/./c/", "a/b/c")]
    [InlineData("./a", "a")]
    [InlineData("my%20file.txt", "my file.txt")]
    [InlineData("file:a/b", "a/b")]
    [InlineData("dots..in..name", "dots..in..name")]
    public void Safe_paths_are_decoded_and_normalised(string path, string expected)
    {
        var result = ArtifactPath.Check(path);
        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.Equal(expected, result.Value);
    }

    [Theory]
    [InlineData("..")]
    [InlineData("../secret")]
    [InlineData("a/../../secret")]
    [InlineData("a/..")]
    [InlineData("%2e%2e/secret")]
    [InlineData("%2E%2E/secret")]
    [InlineData("%252e%252e/secret")]
    [InlineData("%25252e%25252e/secret")]
    [InlineData("a%2f..%2f..%2fsecret")]
    [InlineData("/etc/passwd")]
    [InlineData("%2fetc/passwd")]
    [InlineData("file:///etc/passwd")]
    [InlineData("file:/etc/passwd")]
    [InlineData("C:/Windows")]
    [InlineData("c:\\Windows")]
    [InlineData("C:relative")]
    [InlineData("\\\\server\\share\\x")]
    [InlineData("a\\..\\..\\secret")]
    [InlineData("a%5c..%5csecret")]
    [InlineData("a\0b")]
    [InlineData("a%00b")]
    [InlineData("a%0ab")]
    [InlineData("a#b")]
    [InlineData("a%23b")]
    [InlineData("%252525252525252525252e")]
    public void Unsafe_paths_are_invalid(string path)
    {
        var result = ArtifactPath.Check(path);
        Assert.False(result.IsSuccess, $"'{path}' passed as '{(result.IsSuccess ? result.Value : "")}'");
        Assert.Equal("Invalid path", result.Error!.Message);
        Assert.Equal("INVALID_PARAMETER_VALUE", result.Error.WireCode);
    }

    [Theory]
    [InlineData("5/abc", "team-a", "workspaces/team-a/5/abc")]
    [InlineData("", "team-a", "workspaces/team-a")]
    [InlineData("workspaces/team-a/5/abc", "team-a", "workspaces/team-a/5/abc")]
    [InlineData("0/abc", "default", "0/abc")]
    [InlineData("", "default", "")]
    [InlineData("workspaces/default/3", "default", "workspaces/default/3")]
    public void Paths_are_scoped_to_the_request_workspace(string path, string workspace, string expected)
    {
        var result = ArtifactPath.Scope(path, workspace, workspacesEnabled: true);
        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.Equal(expected, result.Value);
    }

    [Theory]
    [InlineData("workspaces/team-b/5/abc", "team-a", "Artifact path targets workspace 'team-b' but the workspace specified in the request is 'team-a'.")]
    [InlineData("workspaces/team-a/5", "default", "Artifact path targets workspace 'team-a' but the workspace specified in the request is 'default'.")]
    [InlineData("workspaces/", "team-a", "Artifact paths prefixed with 'workspaces/' must include a workspace name.")]
    [InlineData("workspaces", "default", "Artifact paths prefixed with 'workspaces/' must include a workspace name.")]
    public void Another_workspaces_prefix_is_refused(string path, string workspace, string message)
    {
        var result = ArtifactPath.Scope(path, workspace, workspacesEnabled: true);
        Assert.False(result.IsSuccess);
        Assert.Equal(message, result.Error!.Message);
    }

    [Fact]
    public void Without_workspaces_paths_are_kept() =>
        Assert.Equal("workspaces/x/1", ArtifactPath.Scope("workspaces/x/1", "default", workspacesEnabled: false).Value);

    [Theory]
    [InlineData("workspaces/ws/12/abc/artifacts/x", 12L)]
    [InlineData("workspaces/ws/12", 12L)]
    [InlineData("7/abc", 7L)]
    [InlineData("workspaces/ws", null)]
    [InlineData("workspaces/ws/models/x", null)]
    [InlineData("abc/1", null)]
    public void The_experiment_of_a_path_decides_permissions(string path, long? experimentId) =>
        Assert.Equal(experimentId, ArtifactPath.ExperimentIdOf(path));
}
