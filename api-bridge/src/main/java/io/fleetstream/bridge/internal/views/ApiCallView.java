package io.fleetstream.bridge.internal.views;

import io.fleetstream.schemas.events.ApiCallData;

/**
 * One state-changing API call as the audit topic recorded it.
 *
 * @param cursor where it sorts: its time and record id, also the list cursor after it
 */
public record ApiCallView(String cursor, ApiCallData call) {}
