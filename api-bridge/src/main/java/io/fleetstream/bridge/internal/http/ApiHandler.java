package io.fleetstream.bridge.internal.http;

/** Handles one route; throws {@link ApiException} for every refusal. */
@FunctionalInterface
public interface ApiHandler {
  ApiResponse handle(ApiRequest request) throws Exception;
}
