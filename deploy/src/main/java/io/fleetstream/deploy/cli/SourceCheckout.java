package io.fleetstream.deploy.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The source checkout this launcher was built from: commands that run the build need it. */
final class SourceCheckout {

  private SourceCheckout() {}

  /**
   * The nearest directory above this class's jar (or classes directory) holding the Maven Wrapper
   * and the reactor pom: {@code bin/fleetstream} runs {@code deploy/target/lib/*} of a checkout.
   */
  static Path root() {
    try {
      Path here =
          Path.of(SourceCheckout.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      for (Path dir = here; dir != null; dir = dir.getParent()) {
        if (Files.isRegularFile(dir.resolve("mvnw"))
            && Files.isRegularFile(dir.resolve("pom.xml"))
            && Files.isDirectory(dir.resolve("deploy"))) {
          return dir;
        }
      }
      throw new IllegalStateException(
          "this command runs the build and needs the source checkout, but "
              + here
              + " is not inside one");
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
