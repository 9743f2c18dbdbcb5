/** The HTTP bridge: REST calls become events, reads come from views over the output topics (not built yet). */
package io.fleetstream.bridge;
