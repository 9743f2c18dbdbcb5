/**
 * The Stateful Functions runtime as a child JVM: {@link io.fleetstream.statefun.FunctionsRuntime}
 * starts it from a {@code module.yaml} (ingresses, egresses and where the remote functions are
 * served), waits until its job runs, and stops it. StateFun's own Flink 1.16 stays inside the
 * child.
 */
package io.fleetstream.statefun;
