package io.fleetstream.bridge.internal.kafka;

import io.fleetstream.connectors.kafka.KafkaClientSettings;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** Is Kafka reachable? Asks the cluster for its id, at most once a second. */
public final class KafkaHealth implements AutoCloseable {

  private final Admin admin;
  private volatile long checkedAt;
  private volatile boolean reachable;

  public KafkaHealth(String bootstrapServers) {
    Properties p = KafkaClientSettings.admin(bootstrapServers);
    p.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
    p.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "2000");
    p.setProperty(AdminClientConfig.CLIENT_ID_CONFIG, "fleetstream-bridge-health");
    this.admin = Admin.create(p);
  }

  public boolean reachable() {
    long now = System.currentTimeMillis();
    if (now - checkedAt > 1000) {
      try {
        admin.describeCluster().clusterId().get(2, TimeUnit.SECONDS);
        reachable = true;
      } catch (Exception e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        reachable = false;
      }
      checkedAt = System.currentTimeMillis();
    }
    return reachable;
  }

  @Override
  public void close() {
    admin.close(java.time.Duration.ofSeconds(2));
  }
}
