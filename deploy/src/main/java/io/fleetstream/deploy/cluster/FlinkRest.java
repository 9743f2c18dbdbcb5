package io.fleetstream.deploy.cluster;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.messages.webmonitor.JobDetails;
import org.apache.flink.runtime.rest.FileUpload;
import org.apache.flink.runtime.rest.RestClient;
import org.apache.flink.runtime.rest.messages.ClusterOverviewHeaders;
import org.apache.flink.runtime.rest.messages.EmptyMessageParameters;
import org.apache.flink.runtime.rest.messages.EmptyRequestBody;
import org.apache.flink.runtime.rest.messages.JobsOverviewHeaders;
import org.apache.flink.runtime.webmonitor.handlers.JarRunHeaders;
import org.apache.flink.runtime.webmonitor.handlers.JarRunMessageParameters;
import org.apache.flink.runtime.webmonitor.handlers.JarRunRequestBody;
import org.apache.flink.runtime.webmonitor.handlers.JarUploadHeaders;

/**
 * A Flink cluster's REST API through Flink's own typed client ({@link RestClient} and the message
 * headers its web UI uses), so requests and answers are exactly what that Flink version speaks.
 */
final class FlinkRest implements AutoCloseable {

  private static final Duration CALL = Duration.ofSeconds(60);

  private final URI url;
  private final ExecutorService executor =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "flink-rest-client");
            t.setDaemon(true);
            return t;
          });
  private final RestClient client;

  FlinkRest(URI url) {
    this.url = url;
    try {
      this.client = RestClient.forUrl(new Configuration(), executor, url.toURL());
    } catch (Exception e) {
      throw new IllegalArgumentException("not a Flink REST URL: " + url, e);
    }
  }

  /** Waits until {@code n} TaskManagers are registered (0: until the REST API answers at all). */
  void awaitTaskManagers(int n, Instant deadline, BooleanSupplier processesAlive) {
    String last = "no answer";
    while (Instant.now().isBefore(deadline)) {
      if (!processesAlive.getAsBoolean()) {
        throw new IllegalStateException("a Flink process exited while starting (" + last + ")");
      }
      try {
        var overview =
            client
                .sendRequest(url.getHost(), url.getPort(), ClusterOverviewHeaders.getInstance())
                .get(5, TimeUnit.SECONDS);
        if (overview.getNumTaskManagersConnected() >= n) {
          return;
        }
        last = overview.getNumTaskManagersConnected() + " of " + n + " TaskManagers registered";
      } catch (Exception e) {
        last = String.valueOf(e.getMessage());
      }
      sleep(300);
    }
    throw new IllegalStateException(
        "the Flink cluster at " + url + " was not ready in time: " + last);
  }

  /** Uploads a job jar; returns the id Flink gave it. */
  String upload(Path jar) {
    try {
      var answer =
          client
              .sendRequest(
                  url.getHost(),
                  url.getPort(),
                  JarUploadHeaders.getInstance(),
                  EmptyMessageParameters.getInstance(),
                  EmptyRequestBody.getInstance(),
                  List.of(new FileUpload(jar, "application/x-java-archive")))
              .get(CALL.toSeconds(), TimeUnit.SECONDS);
      return Path.of(answer.getFilename()).getFileName().toString();
    } catch (Exception e) {
      throw new IllegalStateException(
          "uploading " + jar + " to " + url + " failed: " + cause(e), e);
    }
  }

  /** Runs an uploaded jar's {@code entryClass} with {@code args}; returns the new job's id. */
  JobID run(
      String jarId, String entryClass, List<String> args, Integer parallelism, String restoreFrom) {
    JarRunMessageParameters params = JarRunHeaders.getInstance().getUnresolvedMessageParameters();
    params.jarIdPathParameter.resolve(jarId);
    JarRunRequestBody body =
        new JarRunRequestBody(entryClass, args, parallelism, null, null, restoreFrom, null, null);
    try {
      return client
          .sendRequest(url.getHost(), url.getPort(), JarRunHeaders.getInstance(), params, body)
          .get(CALL.toSeconds(), TimeUnit.SECONDS)
          .getJobId();
    } catch (Exception e) {
      throw new IllegalStateException(
          "running " + entryClass + " on " + url + " failed: " + cause(e), e);
    }
  }

  /** Every job the cluster knows, with its state and its tasks' states. */
  Collection<JobDetails> jobs() {
    try {
      return client
          .sendRequest(url.getHost(), url.getPort(), JobsOverviewHeaders.getInstance())
          .get(CALL.toSeconds(), TimeUnit.SECONDS)
          .getJobs();
    } catch (Exception e) {
      throw new IllegalStateException("asking " + url + " for its jobs failed: " + cause(e), e);
    }
  }

  Optional<JobDetails> job(JobID id) {
    return jobs().stream().filter(j -> j.getJobId().equals(id)).findFirst();
  }

  /** Waits until the job runs with every task running; fails if it ends first. */
  void awaitAllTasksRunning(JobID id, Instant deadline) {
    String last = "not listed yet";
    while (Instant.now().isBefore(deadline)) {
      Optional<JobDetails> job = job(id);
      if (job.isPresent()) {
        JobDetails d = job.get();
        int running = d.getTasksPerState()[ExecutionState.RUNNING.ordinal()];
        if (d.getStatus() == JobStatus.RUNNING && running == d.getNumTasks()) {
          return;
        }
        if (d.getStatus().isGloballyTerminalState()) {
          throw new IllegalStateException("job " + id + " ended: " + d.getStatus());
        }
        last = d.getStatus() + ", " + running + " of " + d.getNumTasks() + " tasks running";
      }
      sleep(300);
    }
    throw new IllegalStateException("job " + id + " was not running in time: " + last);
  }

  /**
   * Cancels a job and waits until it has ended: the cancel is acknowledged before the tasks have
   * stopped writing (a checkpoint in flight), and a caller may delete their files next.
   */
  void cancel(JobID id) {
    try (RestClusterClient<StandaloneClusterId> cluster = clusterClient()) {
      cluster.cancel(id).get(CALL.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cancelling job " + id + " failed: " + cause(e), e);
    }
    Instant deadline = Instant.now().plus(CALL);
    while (Instant.now().isBefore(deadline)) {
      if (job(id).map(j -> j.getStatus().isGloballyTerminalState()).orElse(true)) {
        return;
      }
      sleep(200);
    }
    throw new IllegalStateException("job " + id + " was not cancelled within " + CALL);
  }

  /** Stops a job with a savepoint in {@code dir}; returns the savepoint's location. */
  String stopWithSavepoint(JobID id, Path dir, Duration timeout) {
    try (RestClusterClient<StandaloneClusterId> cluster = clusterClient()) {
      return cluster
          .stopWithSavepoint(id, false, dir.toUri().toString(), SavepointFormatType.CANONICAL)
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(
          "stopping job " + id + " with a savepoint failed: " + cause(e), e);
    }
  }

  /** Flink's own job client for what the plain REST client has no typed call for. */
  private RestClusterClient<StandaloneClusterId> clusterClient() throws Exception {
    Configuration conf = new Configuration();
    conf.set(RestOptions.ADDRESS, url.getHost());
    conf.set(RestOptions.PORT, url.getPort());
    return new RestClusterClient<>(conf, StandaloneClusterId.getInstance());
  }

  private static String cause(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    client.shutdown(Duration.ofSeconds(5));
    executor.shutdownNow();
  }
}
