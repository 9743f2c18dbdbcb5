package io.fleetstream.deploy.demo;

import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.events.DriverData;
import io.fleetstream.schemas.events.JobData;
import io.fleetstream.schemas.events.TimeWindow;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * A small scripted fleet in Monaco (or laid out the same way on another map, see {@link
 * DemoLayout}): four technicians with different skills and ten service calls at real places, one
 * call that needs a skill nobody has yet, and one broken record.
 */
public final class DemoFleet {

  static final String SOURCE = "/fleetstream/demo";

  /** The job that waits for a skill; the demo then teaches it to a driver. */
  static final String GAS_JOB = "job_gas_leak";

  static final String GAS_LEARNER = "drv_ines";

  private final String tenant;
  private final OffsetDateTime dayStart;
  private final DemoLayout layout;

  public DemoFleet(String tenant, OffsetDateTime now) {
    this(tenant, now, DemoLayout.MONACO);
  }

  /** The fleet with its places where {@code layout} puts them (another map than Monaco's). */
  public DemoFleet(String tenant, OffsetDateTime now, DemoLayout layout) {
    this.tenant = tenant;
    this.layout = layout;
    this.dayStart = now.withOffsetSameInstant(ZoneOffset.ofHours(1)).truncatedTo(ChronoUnit.HOURS);
  }

  public String tenant() {
    return tenant;
  }

  public List<CloudEvent> drivers() {
    return List.of(
        driver("drv_marco", "Marco", 43.7285, 7.4163, "Fontvieille depot", List.of("hvac"), 4),
        driver("drv_lea", "Léa", 43.7455, 7.4360, "Larvotto", List.of("plumbing"), 4),
        driver(
            "drv_sami",
            "Sami",
            43.7390,
            7.4209,
            "Monaco-Monte-Carlo station",
            List.of("hvac", "plumbing", "electrical"),
            4),
        driver(GAS_LEARNER, "Inès", 43.7352, 7.4229, "Port Hercule", List.of(), 3));
  }

  public List<CloudEvent> jobs() {
    return List.of(
        job("job_casino_ac", "Casino de Monte-Carlo", 43.7396, 7.4276, List.of("hvac"), 1),
        job("job_museum_leak", "Musée océanographique", 43.7308, 7.4253, List.of("plumbing"), 2),
        job("job_palace_light", "Palais princier", 43.7314, 7.4197, List.of("electrical"), 3),
        job("job_larvotto_shower", "Plage du Larvotto", 43.7460, 7.4369, List.of("plumbing"), 3),
        job("job_stadium_hvac", "Stade Louis II", 43.7276, 7.4156, List.of("hvac"), 2),
        job("job_garden_gate", "Jardin exotique", 43.7313, 7.4130, List.of(), 4),
        job("job_forum_delivery", "Grimaldi Forum", 43.7437, 7.4306, List.of(), 3),
        job(
            "job_port_pump",
            "Port Hercule, quai Albert Ier",
            43.7345,
            7.4245,
            List.of("plumbing"),
            2),
        job("job_station_lock", "Gare de Monaco", 43.7388, 7.4213, List.of(), 5),
        job("job_fontvieille_boiler", "Fontvieille", 43.7292, 7.4175, List.of("hvac"), 3));
  }

  public CloudEvent gasJob() {
    return job(GAS_JOB, "Boulevard des Moulins", 43.7420, 7.4290, List.of("gas"), 1);
  }

  /** Inès gets certified for gas work: the waiting job finds its driver. */
  public CloudEvent inesLearnsGas() {
    return driver(
        GAS_LEARNER,
        "Inès",
        43.7352,
        7.4229,
        "Port Hercule",
        List.of("gas"),
        3,
        EventType.DRIVER_UPDATED);
  }

  /**
   * A record an upstream system garbled: it must end up in the dead-letter topic, not crash the
   * job.
   */
  public byte[] brokenRecord() {
    return ("{\"specversion\":\"1.0\",\"type\":\"io.fleetstream.job.created.v1\",\"tenant\":\""
            + tenant
            + "\",\"data\":{\"job_id\":\"job_broken\",\"location\":{\"lat\":\"north\"")
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private CloudEvent driver(
      String id,
      String name,
      double lat,
      double lng,
      String address,
      List<String> skills,
      int max) {
    return driver(id, name, lat, lng, address, skills, max, EventType.DRIVER_CREATED);
  }

  private CloudEvent driver(
      String id,
      String name,
      double lat,
      double lng,
      String address,
      List<String> skills,
      int max,
      EventType type) {
    DriverData data =
        new DriverData(
            id,
            null,
            name,
            null,
            layout.place(lat, lng, address),
            null,
            new TimeWindow(dayStart.minusHours(1), dayStart.plusHours(10)),
            skills,
            max,
            null);
    return CloudEvent.create(type, SOURCE, tenant, id, data);
  }

  private CloudEvent job(
      String id, String place, double lat, double lng, List<String> skills, int priority) {
    JobData data =
        new JobData(
            id,
            null,
            layout.place(lat, lng, place),
            30.0,
            priority,
            List.of(new TimeWindow(dayStart, dayStart.plusHours(8))),
            skills,
            null,
            null);
    return CloudEvent.create(EventType.JOB_CREATED, SOURCE, tenant, id, data);
  }
}
