package io.fleetstream.routing.solomon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetstream.routing.Fixtures;
import java.io.FileNotFoundException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SolomonReaderTest {

  @Test
  void readsFleetDepotAndCustomersOfC101() {
    SolomonInstance c101 = Fixtures.solomon("C101");

    assertThat(c101.name()).isEqualTo("C101");
    assertThat(c101.vehicles()).isEqualTo(25);
    assertThat(c101.capacity()).isEqualTo(200);
    assertThat(c101.depot()).isEqualTo(new SolomonCustomer(0, 40, 50, 0, 0, 1236, 0));
    assertThat(c101.customers()).hasSize(100);
    assertThat(c101.customers().get(0)).isEqualTo(new SolomonCustomer(1, 45, 68, 10, 912, 967, 90));
    assertThat(c101.toProblem().jobs()).hasSize(100);
    assertThat(c101.toProblem().drivers()).hasSize(25);
  }

  @Test
  void namesTheLineOfAMalformedRow() {
    String text =
        "X1\n\nVEHICLE\nNUMBER CAPACITY\n 2 10\n\nCUSTOMER\nCUST NO. XCOORD.\n 0 0 0 0 0 100 0\n 1 5 five 1 0 50 1\n";

    assertThatThrownBy(() -> SolomonReader.parse(text, "X1.txt"))
        .isInstanceOf(SolomonFormatException.class)
        .hasMessageContaining("X1.txt:10");
  }

  @Test
  void rejectsAFileWithoutCustomers() {
    assertThatThrownBy(() -> SolomonReader.parse("X2\nVEHICLE\n 2 10\n", "X2.txt"))
        .isInstanceOf(SolomonFormatException.class)
        .hasMessageContaining("CUSTOMER");
  }

  @Test
  void reportsAMissingFile(@TempDir Path dir) {
    assertThatThrownBy(() -> SolomonReader.read(dir.resolve("nope.txt")))
        .isInstanceOf(FileNotFoundException.class)
        .hasMessageContaining("nope.txt");
  }
}
