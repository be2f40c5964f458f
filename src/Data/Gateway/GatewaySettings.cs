namespace Workspaces.Data.Gateway;

/// <summary>
/// The AI Gateway's settings (section <c>Gateway</c>, and MLflow's variables <c>MLFLOW_CRYPTO_KEK_PASSPHRASE</c>,
/// <c>MLFLOW_CRYPTO_KEK_VERSION</c>, <c>MLFLOW_GATEWAY_ROUTE_TIMEOUT_SECONDS</c>, which win over the section).
/// Defaults mirror MLflow so a bare object is usable in tests.
/// </summary>
public sealed class GatewaySettings
{
    /// <summary>MLflow's built-in development passphrase: anyone who knows MLflow knows it.</summary>
    public const string DefaultPassphrase = "mlflow-default-kek-passphrase-for-development-only";

    /// <summary>Passphrase the key-encryption key is derived from.</summary>
    public string KekPassphrase { get; set; } = DefaultPassphrase;

    /// <summary>Version of the key-encryption key new secrets are wrapped with (folded into the derivation salt).</summary>
    public int KekVersion { get; set; } = 1;

    /// <summary>Allow creating and updating secrets under the development passphrase on a non-loopback bind.</summary>
    public bool AllowDefaultPassphrase { get; set; }

    /// <summary>Total time one provider call may take before the gateway answers 504.</summary>
    public double RouteTimeoutSeconds { get; set; } = 300;

    /// <summary>Set by the host: true when the server listens on a non-loopback address.</summary>
    public bool PublicBind { get; set; }

    public bool UsesDefaultPassphrase => KekPassphrase == DefaultPassphrase;

    public TimeSpan RouteTimeout => TimeSpan.FromSeconds(RouteTimeoutSeconds);
}
