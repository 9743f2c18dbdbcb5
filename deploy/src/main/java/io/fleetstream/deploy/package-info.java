/** The {@code bin/fleetstream} launcher and the embedded stack it runs on one machine. */
package io.fleetstream.deploy;
