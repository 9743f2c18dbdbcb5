package io.fleetstream.routing.solomon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.fleetstream.routing.model.Problem;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The benchmark file reader on any text: Solomon and Gehring–Homberger files (one format) are read,
 * anything else — Li &amp; Lim's pickup-and-delivery files, which this reader does not take,
 * truncated, garbled or hostile files — is a {@link SolomonFormatException} naming the file (and
 * the line, where there is one). An instance the reader accepts must become a {@link Problem}
 * without another exception, in bounded time: the reader is the only gate before the model and the
 * solver. Seeds: a Solomon, a Gehring–Homberger and a Li &amp; Lim file from the shared benchmark
 * data.
 */
class SolomonReaderFuzzTest {

  /** Words and numbers a mutation of digits and spaces rarely reaches on its own. */
  @DictionaryEntries({
    "VEHICLE",
    "CUSTOMER",
    "NUMBER",
    "NaN",
    "Infinity",
    "-Infinity",
    "1e308",
    "0x1p3",
    "2147483647",
    "-2147483648",
    "99999999999",
    "1.7976931348623157E308",
    "4.9E-324",
    "\\x09",
    "\\x0D\\x0A"
  })
  @FuzzTest(maxDuration = "60s")
  void anyTextIsAnInstanceOrAFormatError(byte[] content) {
    // As SolomonReader.read decodes a file: every byte is a character.
    String text = new String(content, StandardCharsets.ISO_8859_1);
    // Bounded here rather than with @Timeout, which Jazzer would apply to a whole fuzzing run.
    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () -> {
          SolomonInstance instance;
          try {
            instance = SolomonReader.parse(text, "fuzz.txt");
          } catch (SolomonFormatException e) {
            assertThat(e.getMessage()).startsWith("fuzz.txt");
            return;
          }
          Problem problem = instance.toProblem();
          assertThat(problem.jobs()).hasSize(instance.customers().size());
          assertThat(problem.drivers()).hasSize(instance.vehicles());
        },
        () ->
            "reading and converting took over 10 s: "
                + text.substring(0, Math.min(200, text.length())));
  }
}
