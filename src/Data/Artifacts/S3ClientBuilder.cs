using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.S3;

namespace Workspaces.Data.Artifacts;

/// <summary>
/// Builds S3 clients the way MLflow's S3 artifact repository configures boto3: credentials and region from the
/// AWS SDK's usual sources (environment, profiles, instance roles), the endpoint from MLflow's variable.
/// </summary>
public static class S3ClientBuilder
{
    /// <summary>
    /// The S3-compatible endpoint to use, or null for AWS itself. Order: <see cref="ServerSettings.S3EndpointUrl"/>,
    /// <c>MLFLOW_S3_ENDPOINT_URL</c> (what MLflow users already set), <c>AWS_ENDPOINT_URL_S3</c>, <c>AWS_ENDPOINT_URL</c>.
    /// </summary>
    public static string? ResolveEndpoint(ServerSettings settings, Func<string, string?> environment)
    {
        string[] candidates =
        [
            settings.S3EndpointUrl ?? "",
            environment("MLFLOW_S3_ENDPOINT_URL") ?? "",
            environment("AWS_ENDPOINT_URL_S3") ?? "",
            environment("AWS_ENDPOINT_URL") ?? "",
        ];
        var endpoint = candidates.FirstOrDefault(c => !string.IsNullOrWhiteSpace(c));
        return endpoint?.Trim();
    }

    /// <summary>
    /// A client for <paramref name="endpointUrl"/> (null: AWS). <paramref name="credentials"/> and
    /// <paramref name="region"/> override the SDK's own lookup (tests pass dummy credentials this way).
    /// </summary>
    public static AmazonS3Client Create(string? endpointUrl, AWSCredentials? credentials = null, string? region = null)
    {
        var regionEndpoint = region is not null ? RegionEndpoint.GetBySystemName(region) : DefaultRegion();
        var config = new AmazonS3Config();
        if (endpointUrl is null)
        {
            config.RegionEndpoint = regionEndpoint;
        }
        else
        {
            // ServiceURL and RegionEndpoint exclude each other in the SDK; the region then only signs requests.
            config.ServiceURL = endpointUrl;
            config.AuthenticationRegion = regionEndpoint.SystemName;
            // MinIO, Ceph, moto ... serve buckets as paths; virtual-host names would need wildcard DNS.
            config.ForcePathStyle = true;
        }
        return credentials is null ? new AmazonS3Client(config) : new AmazonS3Client(credentials, config);
    }

    /// <summary>
    /// AWS_REGION / AWS_DEFAULT_REGION / the profile's region, else us-east-1 (boto3's fallback for S3). Not the SDK's
    /// FallbackRegionFactory: off EC2 its instance-metadata probe stalls the first request for seconds.
    /// </summary>
    private static RegionEndpoint DefaultRegion()
    {
        foreach (var variable in new[] { "AWS_REGION", "AWS_DEFAULT_REGION" })
        {
            var value = Environment.GetEnvironmentVariable(variable);
            if (!string.IsNullOrWhiteSpace(value))
                return RegionEndpoint.GetBySystemName(value.Trim());
        }
        var profileName = Environment.GetEnvironmentVariable("AWS_PROFILE");
        var profiles = new CredentialProfileStoreChain();
        return profiles.TryGetProfile(string.IsNullOrWhiteSpace(profileName) ? "default" : profileName, out var profile) && profile.Region is not null
            ? profile.Region
            : RegionEndpoint.USEast1;
    }
}
