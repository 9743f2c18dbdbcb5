package io.fleetstream.bridge.internal.resources;

import io.fleetstream.bridge.internal.http.ApiErrorCode;
import io.fleetstream.bridge.internal.http.ApiException;
import io.fleetstream.bridge.internal.http.ApiRequest;
import io.fleetstream.bridge.internal.http.ApiResponse;
import io.fleetstream.bridge.internal.http.Route;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * {@code /healthz} (the process answers), {@code /readyz} (Kafka reachable, views caught up) and
 * the OpenAPI document.
 */
public final class SystemResource {

  private final BooleanSupplier kafkaReachable;
  private final BooleanSupplier viewsCaughtUp;
  private final Object openApi;

  public SystemResource(
      BooleanSupplier kafkaReachable, BooleanSupplier viewsCaughtUp, Object openApi) {
    this.kafkaReachable = kafkaReachable;
    this.viewsCaughtUp = viewsCaughtUp;
    this.openApi = openApi;
  }

  public List<Route> routes() {
    return List.of(
        Route.get("/healthz", Route.Access.OPEN, r -> ApiResponse.ok(Map.of("status", "ok"))),
        Route.get("/readyz", Route.Access.OPEN, this::ready),
        Route.get("/.well-known/openapi.json", Route.Access.OPEN, r -> ApiResponse.ok(openApi)));
  }

  ApiResponse ready(ApiRequest request) {
    boolean kafka = kafkaReachable.getAsBoolean();
    boolean views = viewsCaughtUp.getAsBoolean();
    if (kafka && views) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("status", "ready");
      m.put("kafka", true);
      m.put("views_caught_up", true);
      return ApiResponse.ok(m);
    }
    throw ApiException.of(
            ApiErrorCode.SERVICE_UNAVAILABLE,
            "not ready: "
                + (kafka ? "" : "Kafka is not reachable; ")
                + (views ? "" : "the views are still catching up with the log"))
        .with("kafka", kafka)
        .with("views_caught_up", views)
        .withHeader("Retry-After", "1");
  }
}
