using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Workspaces.Data.Errors;

namespace Workspaces.Data.Gateway.Crypto;

/// <summary>
/// MLflow's envelope encryption of gateway secrets, byte for byte, so a database moved between MLflow and this server
/// reads on both. The value's JSON is sealed (AES-256-GCM) with a fresh data key (DEK) bound to the secret's id and name;
/// the DEK is sealed with the key-encryption key (KEK) derived from the passphrase. Rotating the passphrase rewraps DEKs
/// only. Sealed bytes are nonce(12)‖ciphertext‖tag(16).
/// </summary>
public sealed class SecretCrypto(GatewaySettings settings)
{
    internal const int KeySize = 32;
    private const int NonceSize = 12;
    private const int TagSize = 16;

    /// <summary>MLflow's message for every decryption failure: it does not tell which part was wrong.</summary>
    public const string DecryptFailedMessage =
        "Failed to decrypt secret. Check KEK passphrase, secret metadata, or database integrity.";

    private const string DefaultPassphraseHint =
        " The server is using MLflow's built-in development passphrase; set MLFLOW_CRYPTO_KEK_PASSPHRASE to the passphrase the secret was stored with.";

    /// <summary>Seals <paramref name="value"/> under a new DEK, wrapped with the configured KEK version.</summary>
    public EncryptedSecret Encrypt(IReadOnlyDictionary<string, string> value, string secretId, string secretName)
    {
        // 1 KiB holds a typical credential map without regrowing; a regrown buffer's old copy could not be zeroed.
        var json = new ArrayBufferWriter<byte>(1024);
        var dek = RandomNumberGenerator.GetBytes(KeySize);
        try
        {
            WriteJson(json, value);
            var encryptedValue = Seal(dek, json.WrittenSpan, Aad(secretId, secretName));
            var wrappedDek = Seal(KeyEncryptionKeys.Get(settings.KekPassphrase, settings.KekVersion), dek, default);
            return new EncryptedSecret(encryptedValue, wrappedDek, settings.KekVersion);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dek);
            json.Clear(); // zeroes the written plaintext JSON
        }
    }

    /// <summary>
    /// The value map, or <see cref="ErrorCode.InvalidParameterValue"/> when anything does not check out: wrong passphrase
    /// or version, changed id or name (the AAD), altered bytes, or a plaintext that is not a JSON object.
    /// </summary>
    public Result<Dictionary<string, string>> Decrypt(EncryptedSecret stored, string secretId, string secretName)
    {
        byte[]? dek = null;
        byte[]? plaintext = null;
        try
        {
            // The stored version picks the KEK: rows not yet rotated keep working after KekVersion is raised.
            dek = UnwrapDek(stored.WrappedDek, KeyEncryptionKeys.Get(settings.KekPassphrase, stored.KekVersion));
            plaintext = Open(dek, stored.EncryptedValue, Aad(secretId, secretName));
            return ParseValue(plaintext) is { } value ? value : DecryptFailed(settings.UsesDefaultPassphrase);
        }
        catch (Exception e) when (e is CryptographicException or JsonException or InvalidOperationException)
        {
            // InvalidOperationException: JsonElement.GetString on a string that is not valid UTF-8.
            return DecryptFailed(settings.UsesDefaultPassphrase);
        }
        finally
        {
            Zero(dek);
            Zero(plaintext);
        }
    }

    /// <summary>
    /// Key rotation: the DEK unwrapped with the old KEK and wrapped with the new one. The encrypted value is untouched,
    /// since the DEK (and so the value's ciphertext) stays the same. Static: rotation names both passphrases itself.
    /// </summary>
    public static Result<byte[]> RewrapDek(byte[] wrappedDek, string fromPassphrase, int fromVersion, string toPassphrase, int toVersion)
    {
        byte[]? dek = null;
        try
        {
            dek = UnwrapDek(wrappedDek, KeyEncryptionKeys.Get(fromPassphrase, fromVersion));
            return Seal(KeyEncryptionKeys.Get(toPassphrase, toVersion), dek, default);
        }
        catch (CryptographicException)
        {
            return DecryptFailed(fromPassphrase == GatewaySettings.DefaultPassphrase);
        }
        finally
        {
            Zero(dek);
        }
    }

    private static Error DecryptFailed(bool defaultPassphrase) =>
        Error.InvalidParameter(defaultPassphrase ? DecryptFailedMessage + DefaultPassphraseHint : DecryptFailedMessage);

    private static byte[] Aad(string secretId, string secretName) => Encoding.UTF8.GetBytes($"{secretId}|{secretName}");

    private static byte[] UnwrapDek(byte[] wrappedDek, byte[] kek)
    {
        var dek = Open(kek, wrappedDek, default);
        if (dek.Length == KeySize)
            return dek;
        // Authentic but not a DEK: only a database written by something else gets here.
        Zero(dek);
        throw new CryptographicException("The unwrapped data key has the wrong length.");
    }

    private static byte[] Seal(ReadOnlySpan<byte> key, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> aad)
    {
        var output = new byte[NonceSize + plaintext.Length + TagSize];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plaintext, output.AsSpan(NonceSize, plaintext.Length), output.AsSpan(NonceSize + plaintext.Length), aad);
        return output;
    }

    private static byte[] Open(ReadOnlySpan<byte> key, ReadOnlySpan<byte> sealedBytes, ReadOnlySpan<byte> aad)
    {
        if (sealedBytes.Length < NonceSize + TagSize)
            throw new CryptographicException("The sealed data is too short.");
        var plaintext = new byte[sealedBytes.Length - NonceSize - TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(sealedBytes[..NonceSize], sealedBytes[NonceSize..^TagSize], sealedBytes[^TagSize..], plaintext, aad);
        return plaintext;
    }

    private static void WriteJson(IBufferWriter<byte> buffer, IReadOnlyDictionary<string, string> value)
    {
        using var writer = new Utf8JsonWriter(buffer);
        writer.WriteStartObject();
        foreach (var (key, text) in value)
            writer.WriteString(key, text);
        writer.WriteEndObject();
    }

    /// <summary>The object's members; a value written by MLflow that is not a string comes back as its JSON text.</summary>
    private static Dictionary<string, string>? ParseValue(byte[] plaintext)
    {
        using var document = JsonDocument.Parse(plaintext);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
            return null;
        var value = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var member in document.RootElement.EnumerateObject())
            value[member.Name] = member.Value.ValueKind == JsonValueKind.String ? member.Value.GetString()! : member.Value.GetRawText();
        return value;
    }

    private static void Zero(byte[]? buffer)
    {
        if (buffer is not null)
            CryptographicOperations.ZeroMemory(buffer);
    }
}
