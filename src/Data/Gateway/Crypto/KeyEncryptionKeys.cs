using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Workspaces.Data.Gateway.Crypto;

/// <summary>
/// Derives MLflow's key-encryption key: PBKDF2-HMAC-SHA256 over the passphrase, salted with a fixed label and the KEK
/// version, so the same passphrase under another version is another key.
/// </summary>
internal static class KeyEncryptionKeys
{
    private const int Iterations = 600_000;
    private static readonly byte[] SaltLabel = Encoding.UTF8.GetBytes("mlflow-secrets-kek-v1-2025");

    // 600,000 iterations cost a noticeable fraction of a second; every secret of a server shares one or two KEKs, so
    // they are derived once per process. The key is a hash so the passphrase itself is not kept in memory by the
    // cache. Entries only come from configuration and the rotation command, which keeps the cache tiny.
    private static readonly ConcurrentDictionary<string, byte[]> Cache = new(StringComparer.Ordinal);

    /// <summary>The 32-byte KEK. Shared across callers: never modify or zero the returned array.</summary>
    public static byte[] Get(string passphrase, int version) =>
        Cache.GetOrAdd(CacheKey(passphrase, version), static (_, args) => Derive(args.passphrase, args.version), (passphrase, version));

    private static byte[] Derive(string passphrase, int version)
    {
        var salt = new byte[SaltLabel.Length + 4];
        SaltLabel.CopyTo(salt, 0);
        BinaryPrimitives.WriteInt32BigEndian(salt.AsSpan(SaltLabel.Length), version);
        var password = Encoding.UTF8.GetBytes(passphrase);
        try
        {
            return Rfc2898DeriveBytes.Pbkdf2(password, salt, Iterations, HashAlgorithmName.SHA256, SecretCrypto.KeySize);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(password);
        }
    }

    private static string CacheKey(string passphrase, int version)
    {
        // Fixed-width version first, then the passphrase: no two (passphrase, version) pairs give the same input.
        var input = new byte[4 + Encoding.UTF8.GetByteCount(passphrase)];
        BinaryPrimitives.WriteInt32BigEndian(input, version);
        Encoding.UTF8.GetBytes(passphrase, input.AsSpan(4));
        try
        {
            return Convert.ToHexString(SHA256.HashData(input));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(input);
        }
    }
}
