package io.fleetstream.bridge.internal.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The seed's signature: {@code X-OwnRoute-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t
 * + "." + body)>}. Receivers recompute it and reject a timestamp more than 300 s away from their
 * clock.
 */
public final class WebhookSigner {

  private WebhookSigner() {}

  public static String signature(String secret, long epochSeconds, byte[] body) {
    return "t="
        + epochSeconds
        + ",v1="
        + hmacHex(secret, epochSeconds + "." + new String(body, StandardCharsets.UTF_8));
  }

  public static String hmacHex(String secret, String message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
