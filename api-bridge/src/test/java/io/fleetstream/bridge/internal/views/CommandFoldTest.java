package io.fleetstream.bridge.internal.views;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.Topic;
import io.fleetstream.schemas.events.DlqData;
import io.fleetstream.schemas.events.GeoPoint;
import io.fleetstream.schemas.events.JobData;
import io.fleetstream.schemas.events.LockData;
import io.fleetstream.schemas.json.ErrorCode;
import io.fleetstream.schemas.json.EventJson;
import io.fleetstream.schemas.json.Rejection;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The views fold a dispatcher's commands as they are written, and take back what the dispatch job
 * refused: a pin the job dead-lettered is no pin.
 */
class CommandFoldTest {

  @TempDir Path dir;

  @Test
  void aPinTheJobRefusedIsTakenBackAndItsReasonShown() {
    try (ViewStore views = new ViewStore(dir)) {
      views.apply(
          Topic.JOBS,
          CloudEvent.create(
              EventType.JOB_CREATED,
              "/test",
              "acct_c",
              "j1",
              new JobData(
                  "j1", null, GeoPoint.of(43.73, 7.42), 10.0, null, null, null, null, null)),
          0);
      CloudEvent pin =
          CloudEvent.create(
              EventType.DISPATCH_LOCK, "/test", "acct_c", "j1", new LockData("j1", null));
      views.apply(Topic.COMMANDS, pin, 0);
      assertThat(views.job("acct_c", "j1").orElseThrow().locked()).isTrue();

      views.apply(
          Topic.DLQ,
          DlqData.event(
              "dlq_" + pin.id(),
              "/test",
              Topic.COMMANDS.topicName(),
              null,
              null,
              pin.kafkaKey(),
              EventJson.toBytes(pin),
              "acct_c",
              new Rejection(ErrorCode.COMMAND_NOT_APPLICABLE, "/data/job_id", "no driver to pin"),
              "dispatch-planner"),
          0);

      JobView after = views.job("acct_c", "j1").orElseThrow();
      assertThat(after.locked()).isFalse();
      assertThat(after.lastError().code()).isEqualTo("COMMAND_NOT_APPLICABLE");
    }
  }
}
