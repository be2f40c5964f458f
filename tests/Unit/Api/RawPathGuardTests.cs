using Workspaces.Api.Middleware;

namespace Workspaces.Tests.Unit.Api;

/// <summary>The raw request target check; the over-the-wire proof is in <see cref="Hosting.RawTargetProcessTests"/>.</summary>
public sealed class RawPathGuardTests
{
    [Theory]
    [InlineData("/api/2.0/mlflow-artifacts/artifacts/a/../../x")]
    [InlineData("/api/2.0/mlflow-artifacts/artifacts/a/%2e%2e/x")]
    [InlineData("/api/2.0/mlflow-artifacts/artifacts/a/%2E%2E/x")]
    [InlineData("/api/2.0/mlflow-artifacts/artifacts/a/.%2e/x")]
    [InlineData("/api/2.0/mlflow-artifacts/artifacts/a/%252e%252e/x")]
    [InlineData("/api/2.0/mlflow-artifacts/artifacts/a%2f..%2fx")]
    [InlineData("/api/2.0/mlflow-artifacts/artifacts/a/..")]
    public void Dot_dot_segments_in_any_encoding_are_found(string target) => Assert.True(RawPathGuard.HasDotDotSegment(target));

    [Theory]
    [InlineData("/api/2.0/mlflow-artifacts/artifacts/a/b.txt")]
    [InlineData("/api/2.0/mlflow-artifacts/artifacts/a/...")]
    [InlineData("/api/2.0/mlflow-artifacts/artifacts/a/..b/x")]
    [InlineData("/api/2.0/mlflow-artifacts/artifacts?path=../x")]
    public void Other_targets_pass(string target) => Assert.False(RawPathGuard.HasDotDotSegment(target));
}
