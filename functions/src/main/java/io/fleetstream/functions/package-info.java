/**
 * Fleetstream's remote Stateful Functions: {@link io.fleetstream.functions.FunctionsServer} serves
 * them over HTTP, {@link io.fleetstream.functions.FunctionsModule} writes the module.yaml the
 * StateFun runtime (module functions-runtime) runs them with. Webhook delivery lives in {@code
 * webhooks}.
 */
package io.fleetstream.functions;
