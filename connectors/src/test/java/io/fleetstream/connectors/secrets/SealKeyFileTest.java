package io.fleetstream.connectors.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SealKeyFileTest {

  @TempDir Path dir;

  @Test
  void theFirstUseCreatesAnOwnerOnlyKeyThatEveryLaterUseShares() throws Exception {
    Path file = dir.resolve("secrets/webhook-seal.key");
    String first = SealKeyFile.ensure(file);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(SealKeyFile.ensure(file)).isEqualTo(first);
    String sealed = SecretSeal.fromBase64Key(first).seal("acct_a", "whsec_x");
    assertThat(SecretSeal.fromBase64Key(SealKeyFile.ensure(file)).open("acct_a", sealed))
        .isEqualTo("whsec_x");
  }
}
