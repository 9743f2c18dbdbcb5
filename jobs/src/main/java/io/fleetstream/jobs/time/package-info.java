/** Event time: how watermarks advance, also when the stream is quiet. */
package io.fleetstream.jobs.time;
