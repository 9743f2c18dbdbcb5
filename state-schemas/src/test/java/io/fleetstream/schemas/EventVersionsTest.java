package io.fleetstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fleetstream.schemas.events.DriverData;
import io.fleetstream.schemas.events.JobData;
import io.fleetstream.schemas.events.Load;
import io.fleetstream.schemas.events.OptimizeOptions;
import io.fleetstream.schemas.events.OptimizeRequestData;
import io.fleetstream.schemas.json.EventJson;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Version 1 and version 2 of the job and driver events read into the same records: a v1 event is a
 * job or driver without the fields v2 added; and a producer writes v2 only when v1 cannot carry the
 * record, so consumers of v1 keep every event they can understand.
 */
class EventVersionsTest {

  @Test
  void aVersion1JobIsAJobWithoutTheFieldsOfVersion2() throws IOException {
    JobData job = read(EventType.JOB_CREATED).data(JobData.class);

    assertThat(job.pickup()).isNull();
    assertThat(job.demand()).isNull();
    assertThat(job.payloadItems()).isEmpty();
    assertThat(job.tags()).isEmpty();
    assertThat(job.load()).isEqualTo(Load.NONE);
    assertThat(EventType.forJob(true, job)).isEqualTo(EventType.JOB_CREATED);
    assertThat(EventType.forJob(false, job)).isEqualTo(EventType.JOB_UPDATED);
  }

  @Test
  void aVersion2JobCarriesItsPickupAndGoods() throws IOException {
    CloudEvent event = read(EventType.JOB_CREATED_V2);
    JobData job = event.data(JobData.class);

    assertThat(event.eventType()).isEqualTo(EventType.JOB_CREATED_V2);
    assertThat(job.pickup().location().address()).startsWith("100 Pickup Way");
    assertThat(job.timeWindows()).as("several delivery windows").hasSize(2);
    assertThat(job.load())
        .as("a stated demand is what counts, whatever the items add up to")
        .isEqualTo(new Load(120.5, 0.8, 3));
    assertThat(EventType.forJob(true, job)).isEqualTo(EventType.JOB_CREATED_V2);
    assertThat(EventType.forJob(false, job)).isEqualTo(EventType.JOB_UPDATED_V2);
  }

  @Test
  void withoutADemandAJobLoadsWhatItsItemsAddUpTo() throws IOException {
    JobData updated = read(EventType.JOB_UPDATED_V2).data(JobData.class);
    assertThat(updated.load()).isEqualTo(new Load(100.0, null, 4));

    JobData created = read(EventType.JOB_CREATED_V2).data(JobData.class);
    Load items = created.withDelivery(created.pickup(), null, created.payloadItems(), null).load();
    assertThat(items.weightKg()).isEqualTo(2 * 40 + 40.5);
    assertThat(items.volumeM3())
        .as("the volume of the items whose three sizes are known")
        .isCloseTo(2 * 3.0 * 0.2 * 0.2, within(1e-9));
    assertThat(items.count()).isEqualTo(3);
  }

  @Test
  void driversOfBothVersions() throws IOException {
    DriverData v1 = read(EventType.DRIVER_CREATED).data(DriverData.class);
    DriverData v2 = read(EventType.DRIVER_CREATED_V2).data(DriverData.class);

    assertThat(v1.vehicle()).isNull();
    assertThat(EventType.forDriver(true, v1)).isEqualTo(EventType.DRIVER_CREATED);
    assertThat(v2.vehicle().capacity()).isEqualTo(new Load(1200.0, 9.5, 40));
    assertThat(v2.breaks()).hasSize(1);
    assertThat(EventType.forDriver(false, v2)).isEqualTo(EventType.DRIVER_UPDATED_V2);
  }

  @Test
  void optionsOfVersion2MakeAnOptimizationRequestVersion2OnTheirOwn() throws IOException {
    OptimizeRequestData v1 = read(EventType.OPTIMIZE_REQUESTED).data(OptimizeRequestData.class);
    OptimizeRequestData v2 = read(EventType.OPTIMIZE_REQUESTED_V2).data(OptimizeRequestData.class);

    assertThat(v1.options().tagPriorities()).isEmpty();
    assertThat(EventType.forOptimization(v1)).isEqualTo(EventType.OPTIMIZE_REQUESTED);
    OptimizeOptions options = v2.options();
    assertThat(options.objective()).isEqualTo("min_vehicles");
    assertThat(options.tagPriorities()).containsEntry("lift-gate", 5);
    assertThat(options.lockedStops()).containsEntry("drv_van1", List.of("job_pd1"));
    assertThat(options.vehicleOverrides().get("cargo_van").capacity())
        .isEqualTo(new Load(1000.0, null, null));
    OptimizeRequestData v1JobsV2Options =
        new OptimizeRequestData(
            "opt_1",
            null,
            "plan",
            v1.options().withVersion2(options),
            v1.jobs(),
            v1.drivers(),
            v1.requestedAt());
    assertThat(EventType.forOptimization(v1JobsV2Options))
        .isEqualTo(EventType.OPTIMIZE_REQUESTED_V2);
  }

  private static CloudEvent read(EventType type) throws IOException {
    return EventJson.readEvent(GoldenEventsTest.golden(type));
  }
}
