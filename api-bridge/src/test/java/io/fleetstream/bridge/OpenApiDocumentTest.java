package io.fleetstream.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The served OpenAPI document is valid OpenAPI 3.1 and documents the error of every failure mode.
 */
class OpenApiDocumentTest {

  private static OpenAPI parse() throws IOException {
    String yaml;
    try (InputStream in = ApiBridge.class.getResourceAsStream(ApiBridge.OPENAPI_RESOURCE)) {
      yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    SwaggerParseResult result = new OpenAPIV3Parser().readContents(yaml, null, options);
    assertThat(result.getMessages()).as("parser messages").isEmpty();
    assertThat(result.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");
    return result.getOpenAPI();
  }

  @Test
  void theDocumentIsValidOpenApi31() throws IOException {
    assertThat(parse().getPaths()).isNotEmpty();
  }

  @Test
  void everyOperationDocumentsItsFailureModes() throws IOException {
    OpenAPI api = parse();
    api.getPaths()
        .forEach(
            (path, item) ->
                item.readOperationsMap()
                    .forEach(
                        (method, op) -> {
                          String name = method + " " + path;
                          Map<String, ?> responses = op.getResponses();
                          assertThat(responses).as(name).containsKey("500");
                          boolean secured = op.getSecurity() == null || !op.getSecurity().isEmpty();
                          if (secured) {
                            assertThat(responses)
                                .as(name + " is behind a key")
                                .containsKeys("401", "429");
                          }
                          if (path.contains("{id}")) {
                            assertThat(responses).as(name + " names an id").containsKey("404");
                          }
                          if (op.getRequestBody() != null) {
                            assertThat(responses)
                                .as(name + " takes a body")
                                .containsKeys("400", "413", "415");
                          }
                          if (hasIdempotencyKey(op)) {
                            assertThat(responses)
                                .as(name + " takes an Idempotency-Key")
                                .containsKey("409");
                          }
                        }));
  }

  private static boolean hasIdempotencyKey(Operation op) {
    return op.getParameters() != null
        && op.getParameters().stream().anyMatch(p -> "Idempotency-Key".equals(p.getName()));
  }
}
