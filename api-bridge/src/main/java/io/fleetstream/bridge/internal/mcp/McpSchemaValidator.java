package io.fleetstream.bridge.internal.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The MCP SDK's JSON Schema checks on the validator the rest of Fleetstream uses (networknt 3, as
 * for every event). The SDK's own Jackson 2 validator is compiled against networknt 2 and fails
 * with 3 on the classpath (NoSuchMethodError at server start), so servers and clients here are
 * given this one.
 */
public final class McpSchemaValidator implements JsonSchemaValidator {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final SchemaRegistry registry =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

  @Override
  public ValidationResponse validate(Map<String, Object> schema, Object content) {
    try {
      String instance = JSON.writeValueAsString(content);
      List<Error> errors = compile(schema).validate(instance, InputFormat.JSON);
      return errors.isEmpty()
          ? ValidationResponse.asValid(instance)
          : ValidationResponse.asInvalid(
              errors.stream().map(Error::toString).collect(Collectors.joining("; ")));
    } catch (JsonProcessingException | RuntimeException e) {
      return ValidationResponse.asInvalid("cannot validate: " + e.getMessage());
    }
  }

  @Override
  public ValidationResponse validateSchema(Map<String, Object> schema) {
    try {
      compile(schema).initializeValidators();
      return ValidationResponse.asValid(null);
    } catch (JsonProcessingException | RuntimeException e) {
      return ValidationResponse.asInvalid("not a usable JSON Schema: " + e.getMessage());
    }
  }

  private Schema compile(Map<String, Object> schema) throws JsonProcessingException {
    return registry.getSchema(JSON.writeValueAsString(schema), InputFormat.JSON);
  }
}
