namespace Workspaces.Data.Gateway.Crypto;

/// <summary>
/// A secret value as stored in the <c>secrets</c> table: <paramref name="EncryptedValue"/> is nonce‖ciphertext‖tag of the
/// value's JSON under a per-secret data key, <paramref name="WrappedDek"/> that data key sealed the same way under the
/// key-encryption key of <paramref name="KekVersion"/>. Rotation replaces only the last two.
/// </summary>
public sealed record EncryptedSecret(byte[] EncryptedValue, byte[] WrappedDek, int KekVersion);
