package io.fleetstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.schemas.json.ErrorCode;
import io.fleetstream.schemas.json.EventValidator;
import io.fleetstream.schemas.json.Rejection;
import io.fleetstream.schemas.json.Validation;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

/**
 * Each class of bad input is rejected with a precise, stable error code and the path of the field.
 */
class InvalidEventsTest {

  private static final EventValidator VALIDATOR = EventValidator.create();

  @ParameterizedTest(name = "{0} -> {2} at ''{3}''")
  @CsvFileSource(resources = "/golden/invalid/expectations.csv", numLinesToSkip = 1)
  void invalidExampleIsRejectedWithCodeAndPath(
      String file, String topic, ErrorCode code, String path) throws IOException {
    byte[] bytes;
    try (InputStream in = getClass().getResourceAsStream("/golden/invalid/" + file + ".json")) {
      assertThat(in).as(file).isNotNull();
      bytes = in.readAllBytes();
    }

    Validation result = VALIDATOR.validate(Topic.byName(topic).orElseThrow(), bytes);

    assertThat(result).as(file).isInstanceOf(Validation.Invalid.class);
    Rejection rejection = ((Validation.Invalid) result).rejection();
    assertThat(rejection.code()).as("%s: %s", file, rejection).isEqualTo(code);
    assertThat(rejection.path()).as("%s: %s", file, rejection).isEqualTo(path == null ? "" : path);
    assertThat(rejection.message()).isNotBlank();
  }

  @Test
  void emptyAndNullRecordsAreRejected() {
    assertThat(rejectionOf(null).code()).isEqualTo(ErrorCode.EMPTY_RECORD);
    assertThat(rejectionOf(new byte[0]).code()).isEqualTo(ErrorCode.EMPTY_RECORD);
  }

  @Test
  void binaryGarbageIsMalformedNotACrash() {
    byte[] garbage = {(byte) 0xff, (byte) 0xfe, 0x00, 0x01, (byte) 0x80};

    assertThat(rejectionOf(garbage).code()).isEqualTo(ErrorCode.MALFORMED_JSON);
  }

  @Test
  void otherEncodingsThanUtf8AndByteOrderMarksAreMalformedOnEveryTopic() throws Exception {
    String ping =
        new String(
            InvalidEventsTest.class
                .getResourceAsStream("/golden/valid/telemetry.ping.json")
                .readAllBytes(),
            java.nio.charset.StandardCharsets.UTF_8);
    for (byte[] bytes :
        java.util.List.of(
            ("\uFEFF" + ping).getBytes(java.nio.charset.StandardCharsets.UTF_8),
            ping.getBytes(java.nio.charset.StandardCharsets.UTF_16),
            ping.getBytes(java.nio.charset.StandardCharsets.UTF_16LE),
            ping.getBytes(java.nio.charset.Charset.forName("UTF-32BE")))) {
      for (Topic topic : Topic.values()) {
        assertThat(VALIDATOR.validate(topic, bytes))
            .isInstanceOfSatisfying(
                Validation.Invalid.class,
                invalid ->
                    assertThat(invalid.rejection().code()).isEqualTo(ErrorCode.MALFORMED_JSON));
      }
    }
  }

  private static Rejection rejectionOf(byte[] bytes) {
    return ((Validation.Invalid) VALIDATOR.validate(Topic.JOBS, bytes)).rejection();
  }
}
