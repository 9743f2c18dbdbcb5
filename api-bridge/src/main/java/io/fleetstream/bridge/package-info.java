/**
 * The HTTP bridge: {@link io.fleetstream.bridge.ApiBridge} serves the {@code /api/v1} REST surface
 * over Kafka, configured by one {@link io.fleetstream.bridge.BridgeConfig}; {@link
 * io.fleetstream.bridge.BridgeMain} runs it in its own JVM. Everything else is internal.
 */
package io.fleetstream.bridge;
