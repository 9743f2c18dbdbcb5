/**
 * The types Flink keeps in keyed state. They are serialized with Jackson (Smile), so adding a field
 * is a compatible change; every change comes with a golden file proving old state still loads.
 */
package io.fleetstream.schemas.state;
