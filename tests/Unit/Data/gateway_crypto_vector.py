#!/usr/bin/env python3
"""Test vectors for GatewayCryptoTests, written from the scheme in mlflow-gateway.md section 1.2.

Kept for the record; CI does not run it (it needs the `cryptography` package). The C# tests embed its output.

  gateway_crypto_vector.py                 print base64 encrypted_value / wrapped_dek for the fixed inputs
  gateway_crypto_vector.py decrypt ENC WRAPPED SECRET_ID SECRET_NAME PASSPHRASE VERSION
                                           decrypt base64 values produced elsewhere (the C# reverse check)
"""
import base64
import json
import os
import struct
import sys

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

NONCE = 12


def kek(passphrase: str, version: int) -> bytes:
    salt = b"mlflow-secrets-kek-v1-2025" + struct.pack(">I", version)
    kdf = PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=salt, iterations=600_000)
    return kdf.derive(passphrase.encode("utf-8"))


def seal(key: bytes, plaintext: bytes, aad: bytes | None) -> bytes:
    nonce = os.urandom(NONCE)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, aad)  # cryptography appends the 16-byte tag


def open_(key: bytes, data: bytes, aad: bytes | None) -> bytes:
    return AESGCM(key).decrypt(data[:NONCE], data[NONCE:], aad)


def encrypt(value: dict, secret_id: str, secret_name: str, passphrase: str, version: int) -> tuple[bytes, bytes]:
    dek = AESGCM.generate_key(bit_length=256)
    aad = f"{secret_id}|{secret_name}".encode("utf-8")
    return seal(dek, json.dumps(value).encode("utf-8"), aad), seal(kek(passphrase, version), dek, None)


def decrypt(enc: bytes, wrapped: bytes, secret_id: str, secret_name: str, passphrase: str, version: int) -> dict:
    dek = open_(kek(passphrase, version), wrapped, None)
    return json.loads(open_(dek, enc, f"{secret_id}|{secret_name}".encode("utf-8")))


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "decrypt":
        enc, wrapped, secret_id, secret_name, passphrase, version = sys.argv[2:8]
        print(json.dumps(decrypt(base64.b64decode(enc), base64.b64decode(wrapped), secret_id, secret_name,
                                 passphrase, int(version))))
        return
    secret_id, passphrase, version = "s-0123456789abcdef0123456789abcdef", "test-passphrase", 2
    for label, value, name in [
        ("string values", {"api_key": "sk-abcdefghij1234"}, "k1"),
        ("non-string values", {"api_key": "sk-x", "port": 8080, "flags": {"a": True}, "none": None}, "k2"),
    ]:
        enc, wrapped = encrypt(value, secret_id, name, passphrase, version)
        assert decrypt(enc, wrapped, secret_id, name, passphrase, version) == value
        print(f"# {label}, secret name {name}")
        print("encrypted_value", base64.b64encode(enc).decode())
        print("wrapped_dek", base64.b64encode(wrapped).decode())


if __name__ == "__main__":
    main()
