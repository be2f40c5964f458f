namespace Workspaces.Tests.Unit.Infrastructure;

/// <summary>
/// Proxied artifacts stored in S3: one <c>moto_server</c> for the API fixtures of the whole test run, started on
/// first use and stopped when the process exits. The server finds its credentials as the AWS SDK does, from the
/// environment, so dummy ones are set for this process (moto accepts any).
/// </summary>
public sealed class S3ArtifactsProfile : ISettingsProfile
{
    private static readonly Lazy<IReadOnlyDictionary<string, string?>> Lazy = new(() => Start());

    public static IReadOnlyDictionary<string, string?> Settings => Lazy.Value;

    private static Dictionary<string, string?> Start()
    {
        var moto = new MotoS3Server();
        moto.InitializeAsync().AsTask().GetAwaiter().GetResult();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => moto.DisposeAsync().AsTask().GetAwaiter().GetResult();
        var endpoint = moto.RequireEndpoint();
        foreach (var (key, value) in new[] { ("AWS_ACCESS_KEY_ID", "test"), ("AWS_SECRET_ACCESS_KEY", "test") })
        {
            if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(key)))
                Environment.SetEnvironmentVariable(key, value);
        }
        return new Dictionary<string, string?>
        {
            ["Server:DefaultArtifactRoot"] = "mlflow-artifacts:/",
            ["Server:ArtifactsDestination"] = $"s3://{moto.Bucket}/api-{Guid.NewGuid():N}",
            ["Server:S3EndpointUrl"] = endpoint,
        };
    }
}
