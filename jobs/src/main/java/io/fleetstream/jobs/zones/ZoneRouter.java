package io.fleetstream.jobs.zones;

import io.fleetstream.jobs.ingest.DeadLetters;
import io.fleetstream.jobs.ingest.ValidateEvents;
import io.fleetstream.jobs.internal.serde.SmileTypeInfo;
import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.json.ErrorCode;
import io.fleetstream.schemas.json.Rejection;
import io.fleetstream.schemas.state.EntityRoute;
import java.time.Duration;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by entity (one job or one driver): remembers the zone each entity was created in, so that
 * status events, which carry no location, reach the same planner key; drops redelivered duplicates
 * by event id.
 */
public final class ZoneRouter extends KeyedProcessFunction<String, CloudEvent, RoutedEvent> {

  private static final long serialVersionUID = 1L;

  /** Versioned: a change of the state type gets a new name and a migration, never a silent reuse. */
  static final String ROUTE_STATE = "zone-router-route-v1";
  /** Entities idle this long are forgotten; a status event after that is treated as unknown. */
  static final Duration IDLE_TTL = Duration.ofDays(30);

  private final Zones zones;
  private transient ValueState<EntityRoute> route;
  private transient Counter duplicates;

  public ZoneRouter(Zones zones) {
    this.zones = zones;
  }

  @Override
  public void open(OpenContext openContext) {
    ValueStateDescriptor<EntityRoute> descriptor = new ValueStateDescriptor<>(ROUTE_STATE, SmileTypeInfo.of(EntityRoute.class));
    descriptor.enableTimeToLive(StateTtlConfig.newBuilder(IDLE_TTL).build());
    route = getRuntimeContext().getState(descriptor);
    duplicates = getRuntimeContext().getMetricGroup().counter("duplicateEventsDropped");
  }

  @Override
  public void processElement(CloudEvent event, Context ctx, Collector<RoutedEvent> out) throws Exception {
    EntityRoute known = route.value();
    if (known != null && known.hasSeen(event.id())) {
      duplicates.inc();
      return; // already routed once: processing it again would decide twice
    }
    Optional<String> zone = known != null ? Optional.of(known.zone()) : zones.zoneOf(event);
    if (known == null && !Zones.creates(event)) {
      ctx.output(ValidateEvents.DEAD_LETTERS, unknownEntity(event));
      return;
    }
    EntityRoute updated = (known != null ? known : new EntityRoute(zone.orElseThrow(), null)).seen(event.id());
    route.update(updated);
    out.collect(RoutedEvent.of(event, updated.zone()));
  }

  private static CloudEvent unknownEntity(CloudEvent event) {
    String entity = Zones.entityKey(event);
    String path = entity.contains("/job/") ? "/data/job_id" : "/data/driver_id";
    return DeadLetters.of(event,
        new Rejection(ErrorCode.UNKNOWN_ENTITY, path, event.type() + " for " + entity + ", which was never created"),
        "route-to-zone");
  }
}
