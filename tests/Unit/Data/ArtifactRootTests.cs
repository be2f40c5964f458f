using Workspaces.Data.Artifacts;

namespace Workspaces.Tests.Unit.Data;

public sealed class ArtifactRootTests
{
    [Theory]
    [InlineData("s3://b/p#x")]
    [InlineData("s3://b/p;type=a")]
    public void Fragments_and_params_are_refused(string root) =>
        Assert.Equal("'default_artifact_root' URL can't include fragments or params.", ArtifactRootValidator.Validate(root, "default_artifact_root")!.Message);

    [Theory]
    [InlineData("s3://b/p?x=..")]
    [InlineData("s3://b/p?x=%2e%2e")]
    [InlineData("s3://b/p?x=%252e%252e")]
    public void Traversal_in_the_query_is_refused(string root) =>
        Assert.Equal("Invalid query string", ArtifactRootValidator.Validate(root, "default_artifact_root")!.Message);

    [Fact]
    public void Runs_uri_is_refused() =>
        Assert.StartsWith("Artifact location cannot be a runs:/ URI.", ArtifactRootValidator.Validate("runs:/abc/x", "f")!.Message, StringComparison.Ordinal);

    [Fact]
    public void Over_2048_characters_is_refused() =>
        Assert.StartsWith("Invalid artifact path length.", ArtifactRootValidator.Validate("s3://b/" + new string('x', 2048), "f")!.Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("s3://bucket/path")]
    [InlineData("file:///tmp/ws-root")]
    [InlineData("mlflow-artifacts:/team")]
    [InlineData("/plain/path")]
    public void Ordinary_roots_pass(string root) => Assert.Null(ArtifactRootValidator.Validate(root, "default_artifact_root"));

    [Theory]
    [InlineData("s3://bucket/workspaces", "ends with the reserved 'workspaces' segment")]
    [InlineData("mlflow-artifacts:/workspaces/", "ends with the reserved 'workspaces' segment")]
    [InlineData("/data/workspaces/team-a", "is already scoped under the reserved 'workspaces/<name>' prefix")]
    public void Workspace_mode_root_rules(string root, string fragment) =>
        Assert.Contains(fragment, ArtifactRootValidator.ValidateWorkspaceModeRoot(root, "default artifact root")!.Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("s3://workspaces/data")]
    [InlineData("mlflow-artifacts:/")]
    [InlineData("./mlartifacts")]
    public void Workspace_mode_accepts_other_roots(string root) => Assert.Null(ArtifactRootValidator.ValidateWorkspaceModeRoot(root, "root"));

    [Theory]
    [InlineData("mlflow-artifacts:/", "mlflow-artifacts:/0")]
    [InlineData("s3://b/p/", "s3://b/p/0")]
    [InlineData("s3://b", "s3://b/0")]
    [InlineData("file:///tmp/x", "file:///tmp/x/0")]
    [InlineData("./mlruns", "./mlruns/0")]
    public void Append_joins_like_mlflow(string root, string expected) => Assert.Equal(expected, ArtifactUri.Append(root, "0"));

    [Fact]
    public void Append_takes_several_segments() =>
        Assert.Equal("file:///tmp/mlflow-art/workspaces/team-a/5", ArtifactUri.Append("file:///tmp/mlflow-art", "workspaces", "team-a", "5"));
}
