package io.fleetstream.bridge.internal.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetstream.bridge.internal.http.ApiException;
import io.fleetstream.connectors.outbound.OutboundPolicy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TargetGuardTest {

  private final TargetGuard guard = new TargetGuard(OutboundPolicy.PUBLIC_ONLY);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://127.0.0.1:8080/x",
        "http://localhost/x",
        "http://10.1.2.3/x",
        "http://192.168.0.1/x",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/x",
        "http://0.0.0.0/x"
      })
  void privateTargetsAreRefused(String url) {
    assertThatThrownBy(() -> guard.checkAddress(guard.check(url, "url"), "url"))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.param()).isEqualTo("url"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"ftp://example.com/x", "/relative", "https://", "not a url"})
  void onlyAbsoluteHttpUrlsAreAccepted(String url) {
    assertThatThrownBy(() -> guard.check(url, "url")).isInstanceOf(ApiException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://8.8.8.8/hooks", "http://1.1.1.1:8443/x"})
  void publicTargetsPass(String url) {
    guard.checkAddress(guard.check(url, "url"), "url");
  }

  @org.junit.jupiter.api.Test
  void aNameThatDoesNotResolveYetIsAcceptedItsCallsAreCheckedWhenTheyResolve() {
    guard.checkAddress(guard.check("https://not-yet.invalid/hooks", "url"), "url");
  }
}
