package io.fleetstream.deploy.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;

/** Renders a kustomization with {@code kubectl kustomize}, as the operations guide tells users. */
final class Kustomize {

  private Kustomize() {}

  /** The command for {@code dir} (relative to the repository root), as the docs print it. */
  static String command(String dir) {
    return "kubectl kustomize " + dir;
  }

  /** Every document {@code kubectl kustomize dir} prints, run from the repository root. */
  static Rendered render(Path repo, String dir) {
    Process process;
    try {
      process =
          new ProcessBuilder("kubectl", "kustomize", dir)
              .directory(repo.toFile())
              .redirectErrorStream(true)
              .start();
    } catch (IOException e) {
      throw new AssertionError(
          "kubectl is needed to render the Kubernetes manifests (kubectl kustomize) and was not"
              + " found on the PATH: install kubectl 1.27 or newer (kustomize is built in)",
          e);
    }
    try {
      byte[] out = process.getInputStream().readAllBytes();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("kubectl kustomize " + dir + " did not finish within 60 s");
      }
      String text = new String(out, StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        throw new AssertionError(
            "kubectl kustomize " + dir + " failed (" + process.exitValue() + "):\n" + text);
      }
      List<JsonNode> docs = new ArrayList<>();
      new YAMLMapper()
          .readerFor(JsonNode.class)
          .<JsonNode>readValues(text)
          .forEachRemaining(docs::add);
      return new Rendered(dir, List.copyOf(docs));
    } catch (IOException e) {
      throw new AssertionError("cannot read what kubectl kustomize " + dir + " printed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The documents of one render. */
  record Rendered(String dir, List<JsonNode> docs) {

    List<JsonNode> all(String kind) {
      return docs.stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
    }

    JsonNode one(String kind, String name) {
      return docs.stream()
          .filter(d -> d.path("kind").asText().equals(kind))
          .filter(d -> d.at("/metadata/name").asText().equals(name))
          .findFirst()
          .orElseThrow(() -> new NoSuchElementException(dir + " renders no " + kind + " " + name));
    }

    JsonNode only(String kind) {
      List<JsonNode> found = all(kind);
      if (found.size() != 1) {
        throw new AssertionError(dir + " renders " + found.size() + " " + kind + ", not one");
      }
      return found.get(0);
    }

    @Override
    public String toString() {
      return dir;
    }
  }
}
