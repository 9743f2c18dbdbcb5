package io.fleetstream.connectors.secrets;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals secrets (webhook signing secrets) for storage on Kafka topics: AES-256-GCM with a random
 * 96-bit nonce, the tenant id as associated data (a sealed secret copied onto another tenant's
 * record does not open), encoded as base64url of {@code nonce || ciphertext+tag}. The JDK's cipher
 * does the work; this class only fixes the parameters. Never prints a secret or a key.
 */
public final class SecretSeal {

  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKeySpec key;

  private SecretSeal(byte[] key) {
    if (key.length != 32) {
      throw new IllegalArgumentException(
          "the sealing key must be 32 bytes (AES-256), was " + key.length);
    }
    this.key = new SecretKeySpec(key.clone(), "AES");
  }

  /** A seal from a 32-byte key given as base64 (standard or url-safe). */
  public static SecretSeal fromBase64Key(String base64Key) {
    Objects.requireNonNull(base64Key, "base64Key");
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(base64Key.trim());
    } catch (IllegalArgumentException notStandard) {
      try {
        raw = Base64.getUrlDecoder().decode(base64Key.trim());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("the sealing key is not base64");
      }
    }
    return new SecretSeal(raw);
  }

  /** A fresh random key, base64: for configuration templates and tests. */
  public static String newBase64Key() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  public String seal(String tenant, String secret) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(secret, "secret");
    try {
      byte[] nonce = new byte[NONCE_BYTES];
      RANDOM.nextBytes(nonce);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(tenant.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(
              ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available: " + e.getClass().getSimpleName());
    }
  }

  /**
   * The secret sealed for {@code tenant}.
   *
   * @throws IllegalArgumentException when it was sealed for another tenant, with another key, or
   *     altered (the message never contains the sealed value)
   */
  public String open(String tenant, String sealed) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(sealed, "sealed");
    byte[] all;
    try {
      all = Base64.getUrlDecoder().decode(sealed);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("a sealed secret is not base64url");
    }
    if (all.length < NONCE_BYTES + TAG_BITS / 8) {
      throw new IllegalArgumentException("a sealed secret is too short");
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
      cipher.updateAAD(tenant.getBytes(StandardCharsets.UTF_8));
      byte[] plain = cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (AEADBadTagException e) {
      throw new IllegalArgumentException(
          "a sealed secret does not open: another key, another tenant, or altered");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available: " + e.getClass().getSimpleName());
    }
  }

  @Override
  public String toString() {
    return "SecretSeal[AES-256-GCM, key hidden]";
  }
}
