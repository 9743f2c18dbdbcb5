/**
 * Classic benchmark instances — Solomon and Gehring–Homberger VRPTW, Li & Lim PDPTW: readers, the
 * solver adapter, and the benchmark runner that reports gaps from the independent checker against
 * best-known solutions, marks held-out rows and runs peers at equal CPU.
 */
package io.fleetstream.routing.solomon;
