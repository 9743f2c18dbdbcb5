/** Retraining an account's scoring weights from its decisions and their outcomes. */
package io.fleetstream.bridge.internal.learning;
