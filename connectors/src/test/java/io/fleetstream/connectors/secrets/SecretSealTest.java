package io.fleetstream.connectors.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SecretSealTest {

  private final SecretSeal seal = SecretSeal.fromBase64Key(SecretSeal.newBase64Key());

  @Test
  void aSealedSecretOpensForItsTenantOnlyAndNeverShowsInItsSealedForm() {
    String sealed = seal.seal("acct_a", "whsec_c2VjcmV0");

    assertThat(sealed).doesNotContain("whsec_").doesNotContain("c2VjcmV0");
    assertThat(seal.open("acct_a", sealed)).isEqualTo("whsec_c2VjcmV0");
    assertThatThrownBy(() -> seal.open("acct_b", sealed))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining(sealed);
  }

  @Test
  void twoSealsOfTheSameSecretDifferAndAnotherKeyOrATamperedSealDoesNotOpen() {
    String first = seal.seal("acct_a", "whsec_x");
    String second = seal.seal("acct_a", "whsec_x");
    assertThat(first).isNotEqualTo(second);

    SecretSeal other = SecretSeal.fromBase64Key(SecretSeal.newBase64Key());
    assertThatThrownBy(() -> other.open("acct_a", first))
        .isInstanceOf(IllegalArgumentException.class);
    char last = first.charAt(first.length() - 2);
    String tampered =
        first.substring(0, first.length() - 2)
            + (last == 'A' ? 'B' : 'A')
            + first.charAt(first.length() - 1);
    assertThatThrownBy(() -> seal.open("acct_a", tampered))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aKeyOfTheWrongLengthIsRefusedWithoutEchoingIt() {
    assertThatThrownBy(() -> SecretSeal.fromBase64Key("c2hvcnQ="))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32 bytes")
        .hasMessageNotContaining("c2hvcnQ");
    assertThat(seal.toString()).contains("hidden");
  }
}
