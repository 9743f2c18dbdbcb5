package io.fleetstream.bridge.internal.resources;

import io.fleetstream.bridge.internal.geocode.Places;
import io.fleetstream.bridge.internal.http.ApiRequest;
import io.fleetstream.bridge.internal.http.ApiResponse;
import io.fleetstream.bridge.internal.http.Route;
import io.fleetstream.bridge.internal.ids.Ids;
import io.fleetstream.bridge.internal.views.DriverView;
import io.fleetstream.bridge.internal.views.ViewStore;
import io.fleetstream.schemas.EventType;
import io.fleetstream.schemas.events.DriverData;
import java.util.List;
import java.util.Optional;

/**
 * {@code /api/v1/technicians}, seed 001's name for drivers: {@code POST} creates or updates a
 * driver by its {@code external_id} (an FSM system's technician id), {@code GET} lists the
 * technicians on shift. A technician is a driver: the answers are drivers, and {@code /drivers}
 * shows them too.
 */
public final class TechnicianResource {

  private final Writes writes;
  private final ViewStore views;
  private final Addresses addresses;

  public TechnicianResource(Writes writes, ViewStore views, Places places) {
    this.writes = writes;
    this.views = views;
    this.addresses = new Addresses(places);
  }

  public List<Route> routes() {
    return List.of(
        Route.post("/api/v1/technicians", Route.Access.KEY, this::upsert),
        Route.get("/api/v1/technicians", Route.Access.KEY, this::list));
  }

  ApiResponse upsert(ApiRequest request) {
    Addresses.Located<DriverResource.DriverRequest> located =
        addresses.locate(request.body(DriverResource.DriverRequest.class));
    DriverResource.DriverRequest body = located.request();
    String externalId = Checks.required(body.externalId(), "external_id");
    Optional<DriverView> existing = views.driverByExternalId(request.tenant(), externalId);
    if (existing.isPresent()) {
      DriverView current = existing.get();
      DriverData updated = DriverResource.toDriver(current.id(), body, current.driver());
      writes.write(
          request,
          EventType.forDriver(false, updated),
          current.id(),
          updated,
          DriverResource.FIELDS);
      return ApiResponse.ok(
          Addresses.withGeocoded(
              DriverResource.render(views.driver(request.tenant(), current.id()).orElseThrow()),
              located));
    }
    DriverResource.newDriverChecks(body);
    // Named after the external id: two first upserts racing for one technician make one driver.
    String id = Ids.derived(Ids.DRIVER, request.tenant(), "technician", externalId);
    if (views.driver(request.tenant(), id).isPresent()
        || views.deletedDriver(request.tenant(), id)) {
      id = Writes.newId(request, Ids.DRIVER); // the external id moved on, or was deleted
    }
    writes.write(
        request,
        EventType.DRIVER_CREATED,
        id,
        DriverResource.toDriver(id, body, null),
        DriverResource.FIELDS);
    return ApiResponse.created(
        Addresses.withGeocoded(
            DriverResource.render(views.driver(request.tenant(), id).orElseThrow()), located));
  }

  ApiResponse list(ApiRequest request) {
    var page =
        views.drivers(
            request.tenant(),
            Lists.cursor(request),
            Lists.limit(request),
            d -> "active".equals(d.lifecycle()));
    return ApiResponse.ok(Lists.page(request, page, DriverView::id, DriverResource::render));
  }
}
