/**
 * The event contract: the CloudEvents envelope, every event type, the topics they travel on and the
 * JSON Schema that guards each topic. Everything else in Fleetstream depends on this package.
 */
package io.fleetstream.schemas;
