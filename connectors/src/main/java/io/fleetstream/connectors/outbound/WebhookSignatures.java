package io.fleetstream.connectors.outbound;

import io.fleetstream.connectors.secrets.SecretSeal;
import io.fleetstream.schemas.events.WebhookEndpointData;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature headers of one delivery attempt, in both schemes subscribers verify:
 *
 * <ul>
 *   <li>the seed's {@code X-OwnRoute-Signature: t=<unix s>,v1=<hex HMAC-SHA256(secret, t + "." +
 *       body)>} with the secret string as key, one {@code v1=} per valid secret;
 *   <li>Standard Webhooks: {@code webhook-id}, {@code webhook-timestamp}, {@code webhook-signature:
 *       v1,<base64 HMAC-SHA256(key, id + "." + t + "." + body)>}, the key being the base64 after
 *       {@code whsec_}, space-separated entries per valid secret.
 * </ul>
 *
 * Hand-written: no Standard Webhooks library is published for Java on Maven Central, and the JDK's
 * HMAC does the cryptography.
 */
public final class WebhookSignatures {

  private WebhookSignatures() {}

  /**
   * Headers for {@code body} sent at {@code epochSeconds}, signed with every secret in {@code
   * secrets} (the current one first; during a rotation's overlap, the previous one too).
   */
  public static Map<String, String> headers(
      String event, String deliveryId, long epochSeconds, byte[] body, List<String> secrets) {
    String text = new String(body, StandardCharsets.UTF_8);
    StringBuilder ownRoute = new StringBuilder("t=").append(epochSeconds);
    StringBuilder standard = new StringBuilder();
    for (String secret : secrets) {
      ownRoute
          .append(",v1=")
          .append(
              HexFormat.of()
                  .formatHex(
                      hmac(secret.getBytes(StandardCharsets.UTF_8), epochSeconds + "." + text)));
      if (standard.length() > 0) {
        standard.append(' ');
      }
      standard
          .append("v1,")
          .append(
              Base64.getEncoder()
                  .encodeToString(
                      hmac(standardKey(secret), deliveryId + "." + epochSeconds + "." + text)));
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("X-OwnRoute-Event", event);
    headers.put("X-OwnRoute-Delivery", deliveryId);
    headers.put("X-OwnRoute-Signature", ownRoute.toString());
    headers.put("webhook-id", deliveryId);
    headers.put("webhook-timestamp", Long.toString(epochSeconds));
    headers.put("webhook-signature", standard.toString());
    return headers;
  }

  /**
   * The secrets that sign a delivery to {@code endpoint} at {@code now}, opened: its current one,
   * and during a rotation's overlap the previous one too.
   */
  public static List<String> signingSecrets(
      SecretSeal seal, String tenant, WebhookEndpointData endpoint, Instant now) {
    List<String> secrets = new ArrayList<>();
    secrets.add(seal.open(tenant, endpoint.secretSealed()));
    if (endpoint.previousSecretSealed() != null
        && endpoint.previousSecretExpiresAt() != null
        && now.isBefore(endpoint.previousSecretExpiresAt())) {
      secrets.add(seal.open(tenant, endpoint.previousSecretSealed()));
    }
    return secrets;
  }

  /**
   * Standard Webhooks' key: the base64 after {@code whsec_}. A secret that is not base64 (issued
   * before secrets were) signs with its own bytes, so its subscribers can still verify.
   */
  static byte[] standardKey(String secret) {
    String encoded = secret.startsWith("whsec_") ? secret.substring("whsec_".length()) : secret;
    try {
      return Base64.getDecoder().decode(encoded);
    } catch (IllegalArgumentException notBase64) {
      return encoded.getBytes(StandardCharsets.UTF_8);
    }
  }

  static byte[] hmac(byte[] key, String message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
