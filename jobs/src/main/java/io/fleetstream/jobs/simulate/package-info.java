/** What-ifs: a zone's snapshot changed and solved beside its current plan, nothing live touched. */
package io.fleetstream.jobs.simulate;
