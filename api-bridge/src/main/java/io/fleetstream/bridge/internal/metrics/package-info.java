/** The bridge's own metrics, scraped by Prometheus at {@code /metrics}. */
package io.fleetstream.bridge.internal.metrics;
