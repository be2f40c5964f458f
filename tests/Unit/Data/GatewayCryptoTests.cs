using System.Text;
using Workspaces.Data.Errors;
using Workspaces.Data.Gateway;
using Workspaces.Data.Gateway.Crypto;

namespace Workspaces.Tests.Unit.Data;

/// <summary>
/// The gateway's envelope encryption and masking. Every KEK costs 600,000 PBKDF2 rounds, so the tests share a handful of
/// (passphrase, version) pairs and lean on the process-wide KEK cache.
/// </summary>
public sealed class GatewayCryptoTests
{
    private const string SecretId = "s-0123456789abcdef0123456789abcdef";
    private const string Message = "Failed to decrypt secret. Check KEK passphrase, secret metadata, or database integrity.";

    private static readonly Dictionary<string, string> Value = new() { ["api_key"] = "sk-abcdefghij1234" };

    // The Python vectors use version 2 of this passphrase, so they share its KEKs with the tests below.
    private static readonly GatewaySettings Main = new() { KekPassphrase = "test-passphrase", KekVersion = 1 };
    private static readonly GatewaySettings Other = new() { KekPassphrase = "other-passphrase", KekVersion = 1 };

    // Written by gateway_crypto_vector.py (Python `cryptography`) for SecretId, passphrase "test-passphrase", version 2.
    private const string PyEncryptedValue = "MHcVtWHD143Zeoo8IziT6Z25Rnnk4vf16zx/Nt7a11VaXlI3QJHlII4yVThAgFn2y93RnbVndMIOumf1";
    private const string PyWrappedDek = "UM4qRDeOChx+Ik9Ajs3paa7m90PpllmpX5XySMtF5RmiIzrMNaBjEBjtVLYccqtc0Y4ji+iHmYPjZJzq";
    private const string PyMixedEncryptedValue = "uGBjRauB4KMJmgpsSXeaR2evoM1Jt2HZ+drSA6hw9v5wHtOwvlPkugLsaSg3ryJ6wXwDz/6Y8jOkHEeejhWH/vzSvJbZX0AIAbvXSMtJErVE5CGOgQlh8thtcyOvFzuFtg==";
    private const string PyMixedWrappedDek = "k4YRUgK8F1UME+WG4uckhyOfxLUEM3UqbVee6Brxj1Ghi1hVtikcaeEnGhF01voY6Ye4VNWNOTfEMy+x";

    private static readonly SecretCrypto Crypto = new(Main);

    [Fact]
    public void Round_trip_returns_the_value()
    {
        var value = new Dictionary<string, string> { ["api_key"] = "sk-abcdefghij1234", ["note"] = "ünïcode \"quoted\" +&<>", ["empty"] = "" };
        var stored = Crypto.Encrypt(value, SecretId, "k1");

        Assert.Equal(1, stored.KekVersion);
        Assert.Equal(value, Decrypted(Crypto, stored, "k1"));
    }

    [Fact]
    public void Empty_value_round_trips() =>
        Assert.Empty(Decrypted(Crypto, Crypto.Encrypt(new Dictionary<string, string>(), SecretId, "k1"), "k1"));

    [Fact]
    public void Stored_bytes_do_not_contain_the_plaintext()
    {
        var stored = Crypto.Encrypt(Value, SecretId, "k1");

        foreach (var bytes in new[] { stored.EncryptedValue, stored.WrappedDek })
        {
            Assert.DoesNotContain("sk-abcdefghij1234", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
            Assert.DoesNotContain("api_key", Encoding.Latin1.GetString(bytes), StringComparison.Ordinal);
        }
        // nonce(12) ‖ ciphertext ‖ tag(16): GCM keeps the length, and the wrapped DEK is a 32-byte key.
        Assert.Equal(12 + """{"api_key":"sk-abcdefghij1234"}""".Length + 16, stored.EncryptedValue.Length);
        Assert.Equal(12 + 32 + 16, stored.WrappedDek.Length);
    }

    [Fact]
    public void Two_encryptions_of_the_same_value_differ()
    {
        var first = Crypto.Encrypt(Value, SecretId, "k1");
        var second = Crypto.Encrypt(Value, SecretId, "k1");

        Assert.NotEqual(first.EncryptedValue, second.EncryptedValue);
        Assert.NotEqual(first.WrappedDek, second.WrappedDek);
    }

    [Fact]
    public void Wrong_passphrase_fails_with_mlflows_message()
    {
        var stored = Crypto.Encrypt(Value, SecretId, "k1");

        AssertFails(new SecretCrypto(Other).Decrypt(stored, SecretId, "k1"));
    }

    [Fact]
    public void Default_passphrase_adds_a_hint_after_the_same_first_sentence()
    {
        var result = new SecretCrypto(new GatewaySettings()).Decrypt(Crypto.Encrypt(Value, SecretId, "k1"), SecretId, "k1");

        Assert.False(result.IsSuccess);
        Assert.Equal(ErrorCode.InvalidParameterValue, result.Error.Code);
        Assert.StartsWith(Message + " ", result.Error.Message, StringComparison.Ordinal);
        Assert.Contains("development passphrase", result.Error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SecretId, "k2")]
    [InlineData("s-ffffffffffffffffffffffffffffffff", "k1")]
    [InlineData(SecretId + "|k1", "")]
    public void Other_id_or_name_fails(string secretId, string secretName) =>
        AssertFails(Crypto.Decrypt(Crypto.Encrypt(Value, SecretId, "k1"), secretId, secretName));

    [Theory]
    [InlineData(true, 0)]   // nonce
    [InlineData(true, 20)]  // ciphertext
    [InlineData(true, -1)]  // tag
    [InlineData(false, 0)]
    [InlineData(false, 30)]
    [InlineData(false, -1)]
    public void A_changed_byte_fails(bool inValue, int index)
    {
        var stored = Crypto.Encrypt(Value, SecretId, "k1");
        var bytes = inValue ? stored.EncryptedValue : stored.WrappedDek;
        bytes[index < 0 ? bytes.Length + index : index] ^= 0x01;

        AssertFails(Crypto.Decrypt(stored, SecretId, "k1"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(27)]
    public void Truncated_bytes_fail_without_throwing(int length)
    {
        var stored = Crypto.Encrypt(Value, SecretId, "k1");

        AssertFails(Crypto.Decrypt(stored with { EncryptedValue = stored.EncryptedValue[..length] }, SecretId, "k1"));
        AssertFails(Crypto.Decrypt(stored with { WrappedDek = stored.WrappedDek[..length] }, SecretId, "k1"));
    }

    [Fact]
    public void The_version_is_part_of_the_key()
    {
        var stored = Crypto.Encrypt(Value, SecretId, "k1");

        AssertFails(Crypto.Decrypt(stored with { KekVersion = 2 }, SecretId, "k1"));
    }

    [Fact]
    public void Decrypt_uses_the_stored_version_not_the_configured_one()
    {
        // Raising KekVersion must not break rows that have not been rotated yet.
        var stored = Crypto.Encrypt(Value, SecretId, "k1");
        var raised = new SecretCrypto(new GatewaySettings { KekPassphrase = Main.KekPassphrase, KekVersion = 2 });

        Assert.Equal(Value, Decrypted(raised, stored, "k1"));
    }

    [Fact]
    public void Rewrapped_dek_opens_under_the_new_kek_only()
    {
        var stored = Crypto.Encrypt(Value, SecretId, "k1");

        var rewrapped = SecretCrypto.RewrapDek(stored.WrappedDek, Main.KekPassphrase, 1, Other.KekPassphrase, 2);

        Assert.True(rewrapped.IsSuccess);
        var rotated = stored with { WrappedDek = rewrapped.Value, KekVersion = 2 };
        Assert.Equal(Value, Decrypted(new SecretCrypto(Other), rotated, "k1"));
        AssertFails(Crypto.Decrypt(rotated, SecretId, "k1"));
        AssertFails(new SecretCrypto(Other).Decrypt(stored with { WrappedDek = rewrapped.Value }, SecretId, "k1"));
    }

    [Fact]
    public void Rewrap_with_the_wrong_old_passphrase_fails()
    {
        var stored = Crypto.Encrypt(Value, SecretId, "k1");

        AssertFails(SecretCrypto.RewrapDek(stored.WrappedDek, Other.KekPassphrase, 1, Main.KekPassphrase, 2).Error);
    }

    [Fact]
    public void Python_vector_decrypts()
    {
        var stored = new EncryptedSecret(Convert.FromBase64String(PyEncryptedValue), Convert.FromBase64String(PyWrappedDek), 2);

        Assert.Equal(Value, Decrypted(Crypto, stored, "k1"));
        AssertFails(Crypto.Decrypt(stored, SecretId, "k2"));
    }

    [Fact]
    public void Python_values_that_are_not_strings_come_back_as_json_text()
    {
        var stored = new EncryptedSecret(Convert.FromBase64String(PyMixedEncryptedValue), Convert.FromBase64String(PyMixedWrappedDek), 2);

        var value = Decrypted(Crypto, stored, "k2");

        Assert.Equal("sk-x", value["api_key"]);
        Assert.Equal("8080", value["port"]);
        Assert.Equal("""{"a": true}""", value["flags"]);
        Assert.Equal("null", value["none"]);
    }

    [Theory]
    [InlineData("", "***")]
    [InlineData("short", "***")]
    [InlineData("1234567", "***")]
    [InlineData("12345678", "123...5678")]
    [InlineData("sk-abcdefghij1234", "sk-...1234")]
    [InlineData("😀😀😀xx😀😀😀", "😀😀😀...x😀😀😀")]
    public void Masking(string text, string masked) =>
        Assert.Equal(masked, SecretMasking.Mask(new Dictionary<string, string> { ["k"] = text })["k"]);

    [Fact]
    public void Masking_keeps_every_key() =>
        Assert.Equal(
            new Dictionary<string, string> { ["api_key"] = "sk-...1234", ["region"] = "***" },
            SecretMasking.Mask(new Dictionary<string, string> { ["api_key"] = "sk-abcdefghij1234", ["region"] = "eu" }));

    private static Dictionary<string, string> Decrypted(SecretCrypto crypto, EncryptedSecret stored, string secretName)
    {
        var result = crypto.Decrypt(stored, SecretId, secretName);
        Assert.True(result.IsSuccess, result.Error?.Message);
        return result.Value;
    }

    private static void AssertFails<T>(Result<T> result)
    {
        Assert.False(result.IsSuccess);
        AssertFails(result.Error);
    }

    private static void AssertFails(Error? error)
    {
        Assert.NotNull(error);
        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        Assert.Equal(Message, error.Message);
    }
}
