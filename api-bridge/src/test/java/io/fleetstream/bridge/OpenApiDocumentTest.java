package io.fleetstream.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The served OpenAPI document is valid OpenAPI 3.1 and documents the error of every failure mode.
 */
class OpenApiDocumentTest {

  /**
   * Parses the document as it is served (the JSON the bridge builds from its YAML), not the YAML
   * file: a YAML feature the bridge's loader reads differently (aliases read as their names) would
   * otherwise pass here and fail every client generator.
   */
  private static OpenAPI parse() throws IOException {
    String served = new ObjectMapper().writeValueAsString(OpenApiDocument.read());
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    SwaggerParseResult result = new OpenAPIV3Parser().readContents(served, null, options);
    assertThat(result.getMessages()).as("parser messages").isEmpty();
    assertThat(result.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");
    return result.getOpenAPI();
  }

  @Test
  void responseHeadersAreMapsAndNoDescriptionFellApartIntoProperties() {
    JsonNode doc = OpenApiDocument.read();
    List<String> problems = new ArrayList<>();
    walk(doc, "", problems);
    assertThat(problems).isEmpty();
  }

  private static void walk(JsonNode node, String at, List<String> problems) {
    if (node.isObject()) {
      node.fields()
          .forEachRemaining(
              e -> {
                String here = at + "/" + e.getKey();
                if (e.getKey().equals("headers") && !e.getValue().isObject()) {
                  problems.add(here + " is " + e.getValue() + ", not a map of headers");
                }
                if (e.getKey().contains(" ")) {
                  // An unquoted description with a comma in a YAML flow mapping splits there.
                  problems.add(here + ": a key with a space, the rest of a description?");
                }
                walk(e.getValue(), here, problems);
              });
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        walk(node.get(i), at + "/" + i, problems);
      }
    }
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
                                .containsKeys("409", "422");
                          }
                        }));
  }

  private static boolean hasIdempotencyKey(Operation op) {
    return op.getParameters() != null
        && op.getParameters().stream().anyMatch(p -> "Idempotency-Key".equals(p.getName()));
  }
}
