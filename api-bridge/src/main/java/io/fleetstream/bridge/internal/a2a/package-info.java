/** The Agent2Agent (A2A) face of the bridge: an agent card and a JSON-RPC endpoint. */
package io.fleetstream.bridge.internal.a2a;
