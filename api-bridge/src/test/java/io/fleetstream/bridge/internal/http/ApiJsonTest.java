package io.fleetstream.bridge.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fleetstream.bridge.internal.resources.OptimizeResource;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApiJsonTest {

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"job_ids\": \"job_a\"}|job_ids",
        "{\"job_ids\": [\"a\", 5]}|job_ids[1]",
        "{\"job_ids\": [\"a\"], \"options\": {\"seed\": \"7\"}}|options.seed",
        "{\"job_ids\": [\"a\"], \"options\": {\"seed\": 7.5}}|options.seed",
        "{\"job_ids\": [\"a\"], \"options\": {\"shift_start\": \"8am\"}}|options.shift_start",
        "{\"job_ids\": [\"a\"], \"options\": {\"speed\": 1}}|options.speed",
        "{\"mode\": true}|mode"
      })
  void everyBindingErrorNamesTheField(String body, String param) {
    ApiException e =
        catchThrowableOfType(
            ApiException.class,
            () ->
                ApiJson.read(
                    body.getBytes(StandardCharsets.UTF_8), OptimizeResource.OptimizeRequest.class));
    assertThat(e.code()).isEqualTo(ApiErrorCode.INVALID_REQUEST);
    assertThat(e.param()).isEqualTo(param);
    assertThat(e.getMessage()).contains(param);
  }
}
