using Amazon.Runtime;
using Amazon.S3;
using Microsoft.Extensions.DependencyInjection;
using Workspaces.Data;
using Workspaces.Data.Artifacts;

namespace Workspaces.Tests.Unit.Artifacts;

public sealed class ArtifactStoreFactoryTests : IDisposable
{
    private readonly List<string?> _clientEndpoints = [];
    private readonly List<ArtifactStoreFactory> _factories = [];

    public void Dispose()
    {
        foreach (var factory in _factories)
            factory.Dispose();
    }

    private ArtifactStoreFactory Factory(string destination, string? s3Endpoint = null, Dictionary<string, string>? environment = null)
    {
        var settings = new ServerSettings { ArtifactsDestination = destination, S3EndpointUrl = s3Endpoint };
        var factory = new ArtifactStoreFactory(settings, CreateClient, name => environment?.GetValueOrDefault(name));
        _factories.Add(factory);
        return factory;
    }

    private AmazonS3Client CreateClient(string? endpoint)
    {
        _clientEndpoints.Add(endpoint);
        return S3ClientBuilder.Create(endpoint, new BasicAWSCredentials("test", "test"), "us-east-1");
    }

    [Theory]
    [InlineData("mlflow-artifacts:/1/abc/artifacts", "/srv/dest/1/abc/artifacts")]
    [InlineData("mlflow-artifacts://tracking.example:5000/1/abc/artifacts", "/srv/dest/1/abc/artifacts")]
    [InlineData("mlflow-artifacts:/workspaces/team%20a/2", "/srv/dest/workspaces/team a/2")]
    [InlineData("mlflow-artifacts:/", "/srv/dest")]
    [InlineData("mlflow-artifacts:", "/srv/dest")]
    public void Mlflow_artifacts_uris_map_under_a_local_destination(string uri, string root) =>
        Assert.Equal(root, Assert.IsType<LocalArtifactStore>(Factory("/srv/dest").ForUri(uri)).Root);

    [Fact]
    public void Mlflow_artifacts_uris_map_under_a_file_uri_destination() =>
        Assert.Equal("/srv/my dest/7", Assert.IsType<LocalArtifactStore>(Factory("file:///srv/my%20dest").ForUri("mlflow-artifacts:/7")).Root);

    [Fact]
    public void Mlflow_artifacts_uris_map_under_a_relative_destination() =>
        Assert.Equal(Path.Combine(Directory.GetCurrentDirectory(), "mlartifacts", "3"),
            Assert.IsType<LocalArtifactStore>(Factory("./mlartifacts").ForUri("mlflow-artifacts:/3")).Root);

    [Theory]
    [InlineData("s3://bucket/root", "mlflow-artifacts:/1/run", "root/1/run")]
    [InlineData("s3://bucket/root/", "mlflow-artifacts:/", "root")]
    [InlineData("s3://bucket", "mlflow-artifacts:/1", "1")]
    public void Mlflow_artifacts_uris_map_under_an_s3_destination(string destination, string uri, string prefix)
    {
        var store = Assert.IsType<S3ArtifactStore>(Factory(destination).ForUri(uri));
        Assert.Equal(("bucket", prefix), (store.Bucket, store.Prefix));
    }

    [Fact]
    public void Mlflow_artifacts_uris_may_not_climb_out_of_the_destination() =>
        Assert.Throws<ArgumentException>(() => Factory("/srv/dest").ForUri("mlflow-artifacts:/a/%2e%2e/../etc"));

    [Theory]
    [InlineData("s3://my-bucket/exp/1/run/artifacts", "my-bucket", "exp/1/run/artifacts")]
    [InlineData("s3://my-bucket/", "my-bucket", "")]
    [InlineData("s3://my-bucket", "my-bucket", "")]
    [InlineData("S3://my-bucket/x/", "my-bucket", "x")]
    public void S3_uris_open_s3_rooted_there(string uri, string bucket, string prefix)
    {
        var store = Assert.IsType<S3ArtifactStore>(Factory("/srv/dest").ForUri(uri));
        Assert.Equal((bucket, prefix), (store.Bucket, store.Prefix));
    }

    [Theory]
    [InlineData("file:///tmp/mlruns/1", "/tmp/mlruns/1")]
    [InlineData("file:///tmp/with%20space/x", "/tmp/with space/x")]
    [InlineData("file://localhost/tmp/x", "/tmp/x")]
    [InlineData("/abs/dir", "/abs/dir")]
    [InlineData("/abs/dir/", "/abs/dir")]
    public void File_uris_and_absolute_paths_open_local_disk(string uri, string root) =>
        Assert.Equal(root, Assert.IsType<LocalArtifactStore>(Factory("/srv/dest").ForUri(uri)).Root);

    [Fact]
    public void Relative_paths_resolve_against_the_current_directory() =>
        Assert.Equal(Path.Combine(Directory.GetCurrentDirectory(), "mlruns", "0"),
            Assert.IsType<LocalArtifactStore>(Factory("/srv/dest").ForUri("mlruns/0")).Root);

    [Theory]
    [InlineData("gs://bucket/path")]
    [InlineData("wasbs://container@account.blob.core.windows.net/path")]
    [InlineData("hdfs://namenode:8020/path")]
    [InlineData("runs:/abc/model")]
    [InlineData("models:/name/1")]
    [InlineData("http://example.com/artifacts")]
    [InlineData("file://otherhost/share/x")]
    [InlineData("s3:///no-bucket")]
    [InlineData("")]
    public void Unsupported_uris_give_null(string uri) => Assert.Null(Factory("/srv/dest").ForUri(uri));

    [Fact]
    public void Destination_is_the_configured_location() =>
        Assert.Equal("/srv/dest", Assert.IsType<LocalArtifactStore>(Factory("file:///srv/dest").Destination).Root);

    [Fact]
    public void An_unservable_destination_fails_with_a_clear_message()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Factory("gs://bucket/x").Destination);
        Assert.Contains("gs://bucket/x", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void One_s3_client_is_shared_by_every_store_on_the_endpoint()
    {
        var factory = Factory("s3://bucket/root", "http://127.0.0.1:9000");
        Assert.NotNull(factory.ForUri("s3://a/x"));
        Assert.NotNull(factory.ForUri("s3://b/y"));
        Assert.NotNull(factory.ForUri("mlflow-artifacts:/1"));
        Assert.Equal(["http://127.0.0.1:9000"], _clientEndpoints);
    }

    [Fact]
    public void Local_stores_create_no_s3_client()
    {
        Assert.NotNull(Factory("/srv/dest").ForUri("mlflow-artifacts:/1"));
        Assert.Empty(_clientEndpoints);
    }

    [Theory]
    [InlineData("http://settings:1", "http://mlflow:2", "http://s3:3", "http://any:4", "http://settings:1")]
    [InlineData(null, "http://mlflow:2", "http://s3:3", "http://any:4", "http://mlflow:2")]
    [InlineData(null, null, "http://s3:3", "http://any:4", "http://s3:3")]
    [InlineData(null, null, null, "http://any:4", "http://any:4")]
    [InlineData(null, null, null, null, null)]
    [InlineData(" ", "", null, null, null)]
    public void The_s3_endpoint_comes_from_settings_then_mlflow_then_aws_variables(
        string? setting, string? mlflow, string? awsS3, string? aws, string? expected)
    {
        var environment = new Dictionary<string, string?>
        {
            ["MLFLOW_S3_ENDPOINT_URL"] = mlflow,
            ["AWS_ENDPOINT_URL_S3"] = awsS3,
            ["AWS_ENDPOINT_URL"] = aws,
        };
        Assert.Equal(expected, S3ClientBuilder.ResolveEndpoint(new ServerSettings { S3EndpointUrl = setting }, name => environment.GetValueOrDefault(name)));
    }

    [Fact]
    public void A_custom_endpoint_client_uses_path_style_addressing()
    {
        using var client = S3ClientBuilder.Create("http://127.0.0.1:9000", new BasicAWSCredentials("k", "s"), "eu-west-1");
        var config = (AmazonS3Config)client.Config;
        Assert.True(config.ForcePathStyle);
        Assert.Equal("eu-west-1", config.AuthenticationRegion);
    }

    [Fact]
    public void AddArtifactStorage_registers_one_factory_reading_the_server_settings()
    {
        var services = new ServiceCollection();
        services.AddSingleton(new ServerSettings { ArtifactsDestination = "/srv/registered" });
        services.AddArtifactStorage();
        using var provider = services.BuildServiceProvider();

        var factory = provider.GetRequiredService<IArtifactStoreFactory>();

        Assert.Same(factory, provider.GetRequiredService<IArtifactStoreFactory>());
        Assert.Equal("/srv/registered", Assert.IsType<LocalArtifactStore>(factory.Destination).Root);
    }
}
