package io.fleetstream.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The OpenAPI document the bridge serves, describes itself with, and exports. */
final class OpenApiDocument {

  static final String RESOURCE = "/io/fleetstream/bridge/openapi.yaml";

  private OpenApiDocument() {}

  /**
   * The document as served. Read with SnakeYAML rather than Jackson's YAML parser, which reads an
   * alias ({@code headers: *rl}) as the alias's name instead of the anchored map.
   */
  static JsonNode read() {
    try (InputStream in = ApiBridge.class.getResourceAsStream(RESOURCE)) {
      Objects.requireNonNull(in, RESOURCE + " is missing");
      LoaderOptions options = new LoaderOptions();
      options.setMaxAliasesForCollections(1_000);
      return new ObjectMapper().valueToTree(new Yaml(new SafeConstructor(options)).load(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
