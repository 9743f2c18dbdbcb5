package io.fleetstream.bridge;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the OpenAPI document exactly as the bridge serves it at {@code /.well-known/openapi.json}
 * to a file: the build generates its test client from it, as any client would from the served
 * document (the YAML source's anchors stay a source convenience).
 */
public final class OpenApiExport {

  private OpenApiExport() {}

  /** {@code args[0]}: where to write the JSON document. */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: OpenApiExport <output.json>");
    }
    Path out = Path.of(args[0]);
    Files.createDirectories(out.toAbsolutePath().getParent());
    new ObjectMapper()
        .writerWithDefaultPrettyPrinter()
        .writeValue(out.toFile(), OpenApiDocument.read());
  }
}
