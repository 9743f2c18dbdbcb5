package io.fleetstream.deploy.cluster;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the build left what a cluster needs: Flink's runtime ({@code flink-lib/target/lib}, the
 * cluster's class path) and the dispatch job's jar ({@code flink-job/target/fleetstream-flink-
 * job.jar}), found from this launcher's own location in the checkout.
 */
public record ClusterArtifacts(Path flinkLib, Path jobJar) {

  static final String JOB_JAR = "fleetstream-flink-job.jar";

  /** The artifacts of the checkout this class was loaded from. */
  public static ClusterArtifacts ofThisCheckout() {
    Path here;
    try {
      here =
          Path.of(
              ClusterArtifacts.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    for (Path dir = here; dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("flink-lib")) && Files.isDirectory(dir.resolve("deploy"))) {
        ClusterArtifacts found =
            new ClusterArtifacts(
                dir.resolve("flink-lib/target/lib"), dir.resolve("flink-job/target/" + JOB_JAR));
        if (!Files.isDirectory(found.flinkLib()) || !Files.isRegularFile(found.jobJar())) {
          throw new IllegalStateException(
              "build the cluster artifacts first (./mvnw -Dmaven.test.skip=true package): "
                  + found.flinkLib()
                  + " or "
                  + found.jobJar()
                  + " is missing");
        }
        return found;
      }
    }
    throw new IllegalStateException(here + " is not inside a Fleetstream checkout");
  }

  /** The class path of every cluster process: Flink's jars and nothing of ours. */
  public String classpath() {
    return flinkLib.toAbsolutePath() + "/*";
  }
}
