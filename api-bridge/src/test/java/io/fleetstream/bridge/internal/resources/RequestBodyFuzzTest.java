package io.fleetstream.bridge.internal.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.fleetstream.bridge.internal.http.ApiException;
import io.fleetstream.bridge.internal.http.ApiJson;
import io.fleetstream.bridge.internal.webhooks.TargetGuard;
import io.fleetstream.bridge.internal.webhooks.WebhookResource;
import io.fleetstream.connectors.outbound.OutboundPolicy;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.events.DriverData;
import io.fleetstream.schemas.events.EventData;
import io.fleetstream.schemas.events.GeoPoint;
import io.fleetstream.schemas.events.JobData;
import io.fleetstream.schemas.events.TimeWindow;
import io.fleetstream.schemas.json.EventJson;
import io.fleetstream.schemas.json.EventValidator;
import io.fleetstream.schemas.json.Rejection;
import io.fleetstream.schemas.json.Validation;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * Every write route's body, fuzzed at the unit level: any bytes either become a request the route
 * can act on or an {@link ApiException} with a 4xx status (the documented error body), never
 * another exception — which the pipeline would answer with 500. For jobs and drivers the body goes
 * on through the same field checks, event building and schema validation as a real write, up to the
 * point where the event would be handed to Kafka, and a schema rejection must map back to an API
 * field ({@link Writes#fieldOf}). The last byte of the input picks the route.
 */
class RequestBodyFuzzTest {

  private static final EventValidator VALIDATOR = EventValidator.create();
  private static final TargetGuard GUARD = new TargetGuard(OutboundPolicy.PUBLIC_ONLY);
  private static final OffsetDateTime NINE = OffsetDateTime.parse("2026-11-24T09:00:00+01:00");
  private static final JobData STORED_JOB =
      new JobData(
          "job_1",
          "ext-1",
          new GeoPoint(43.73, 7.42, "Quai 1"),
          15.0,
          2,
          List.of(new TimeWindow(NINE, NINE.plusHours(2))),
          List.of("fridge"),
          "repair",
          "mc");
  private static final DriverData STORED_DRIVER =
      new DriverData(
          "drv_1",
          "ext-1",
          "Ana",
          "+37799000000",
          new GeoPoint(43.73, 7.42, null),
          null,
          new TimeWindow(NINE, NINE.plusHours(8)),
          List.of("fridge"),
          3,
          "mc");

  /** The routes that read a body, in a fixed order (the corpus files' last byte indexes it). */
  enum WriteRoute {
    POST_JOBS,
    PATCH_JOB,
    CANCEL_JOB,
    POST_DRIVERS,
    PATCH_DRIVER,
    POST_OPTIMIZE,
    PATCH_ACCOUNT,
    POST_AGENT_SIGNUP,
    POST_API_KEYS,
    POST_WEBHOOK_ENDPOINTS
  }

  @FuzzTest(maxDuration = "60s")
  void anyBodyOnAnyWriteRoute(FuzzedDataProvider in) {
    WriteRoute route = in.pickValue(WriteRoute.values());
    byte[] body = in.consumeRemainingAsBytes();
    try {
      handle(route, body);
    } catch (ApiException e) {
      assertThat(e.code().status()).as("%s: %s", route, e.getMessage()).isBetween(400, 499);
      assertThat(e.getMessage()).isNotBlank();
    }
  }

  private static void handle(WriteRoute route, byte[] body) {
    switch (route) {
      case POST_JOBS -> {
        JobRequest r = ApiJson.read(body, JobRequest.class);
        Checks.required(r.dropoffLat(), "dropoff_lat");
        Checks.required(r.dropoffLng(), "dropoff_lng");
        write(
            EventType.JOB_CREATED,
            "job_1",
            JobResource.toJob("job_1", r, null),
            JobResource.FIELDS);
      }
      case PATCH_JOB ->
          write(
              EventType.JOB_UPDATED,
              "job_1",
              JobResource.toJob("job_1", ApiJson.read(body, JobRequest.class), STORED_JOB),
              JobResource.FIELDS);
      case CANCEL_JOB -> {
        JobResource.CancelRequest r =
            body.length == 0
                ? new JobResource.CancelRequest(null)
                : ApiJson.read(body, JobResource.CancelRequest.class);
        Checks.text(r.reason(), 512, "reason");
      }
      case POST_DRIVERS -> {
        DriverResource.DriverRequest r = ApiJson.read(body, DriverResource.DriverRequest.class);
        Checks.required(r.startLat(), "start_lat");
        Checks.required(r.startLng(), "start_lng");
        write(
            EventType.DRIVER_CREATED,
            "drv_1",
            DriverResource.toDriver("drv_1", r, null),
            DriverResource.FIELDS);
      }
      case PATCH_DRIVER ->
          write(
              EventType.DRIVER_UPDATED,
              "drv_1",
              DriverResource.toDriver(
                  "drv_1", ApiJson.read(body, DriverResource.DriverRequest.class), STORED_DRIVER),
              DriverResource.FIELDS);
      case POST_OPTIMIZE -> {
        OptimizeResource.OptimizeRequest r =
            ApiJson.read(body, OptimizeResource.OptimizeRequest.class);
        if (r.options() != null) {
          OptionsRequest.check(r.options(), "options");
        }
      }
      case PATCH_ACCOUNT -> {
        AccountResource.AccountPatch r = ApiJson.read(body, AccountResource.AccountPatch.class);
        Checks.text(r.contact(), 256, "contact");
        if (r.optimizeDefaults() != null) {
          OptionsRequest.check(r.optimizeDefaults(), "optimize_defaults");
        }
      }
      case POST_AGENT_SIGNUP -> {
        AccountResource.SignupRequest r = ApiJson.read(body, AccountResource.SignupRequest.class);
        Checks.required(r.agentId(), "agent_id");
        Checks.text(r.agentId(), 128, "agent_id");
        Checks.text(r.contact(), 256, "contact");
      }
      case POST_API_KEYS -> {
        AccountResource.KeyRequest r =
            body.length == 0
                ? new AccountResource.KeyRequest(null, null, null, null, null)
                : ApiJson.read(body, AccountResource.KeyRequest.class);
        Checks.text(r.name(), 128, "name");
      }
      case POST_WEBHOOK_ENDPOINTS -> {
        WebhookResource.EndpointRequest r =
            ApiJson.read(body, WebhookResource.EndpointRequest.class);
        if (r.url() != null) {
          GUARD.check(
              r.url(), "url"); // the syntax checks only: resolving the host would leave the machine
        }
      }
      default -> throw new IllegalStateException(route.name());
    }
  }

  /**
   * What {@link Writes} and the event writer do before Kafka: build the event, validate it, and
   * turn a rejection into a 400 naming the API field.
   */
  private static void write(
      EventType type, String key, EventData data, Map<String, String> fields) {
    CloudEvent event =
        new CloudEvent(
            CloudEvent.SPEC_VERSION,
            "evt_1",
            Writes.SOURCE,
            type.type(),
            key,
            Instant.parse("2026-11-24T08:00:00.123Z"),
            CloudEvent.CONTENT_TYPE,
            "acct_1",
            key,
            data);
    if (VALIDATOR.validate(type.topic(), EventJson.toBytes(event))
        instanceof Validation.Invalid invalid) {
      Rejection r = invalid.rejection();
      String param = Writes.fieldOf(r.path(), fields);
      throw ApiException.invalid(
          param, (param == null ? "" : "'" + param + "': ") + r.message() + " (" + r.code() + ")");
    }
  }
}
