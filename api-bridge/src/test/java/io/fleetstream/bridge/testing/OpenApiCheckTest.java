package io.fleetstream.bridge.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

/** The contract check used by the ITCases does catch a response that breaks the document. */
class OpenApiCheckTest {

  private final OpenApiCheck check;

  OpenApiCheckTest() throws Exception {
    check =
        new OpenApiCheck(
            new ObjectMapper(new YAMLFactory())
                .readTree(getClass().getResourceAsStream("/io/fleetstream/bridge/openapi.yaml")));
  }

  @Test
  void aConformingErrorPasses() {
    assertThat(
            check.problems(
                "GET",
                "/api/v1/jobs/job_x",
                404,
                "{\"error\":{\"code\":\"not_found\",\"message\":\"m\",\"param\":\"id\",\"docs_url\":\"u\"}}"))
        .isEmpty();
  }

  @Test
  void aMissingFieldAnUndocumentedStatusAndAnUnknownRouteAreCaught() {
    assertThat(check.problems("GET", "/api/v1/jobs/job_x", 200, "{\"id\":\"job_x\"}")).isNotEmpty();
    assertThat(check.problems("GET", "/api/v1/jobs/job_x", 418, "{}"))
        .singleElement()
        .asString()
        .contains("418");
    assertThat(check.problems("GET", "/api/v1/unknown/a/b/c", 200, "{}")).isNotEmpty();
    assertThat(
            check.problems(
                "GET",
                "/api/v1/jobs/job_x",
                404,
                "{\"error\":{\"code\":\"nope\",\"message\":\"m\","
                    + "\"param\":null,\"docs_url\":\"u\"}}"))
        .isNotEmpty();
  }
}
