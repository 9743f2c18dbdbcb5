/**
 * Child-process helpers shared by the broker and the embedded stack: stopping process trees, free
 * ports.
 */
package io.fleetstream.broker.process;
