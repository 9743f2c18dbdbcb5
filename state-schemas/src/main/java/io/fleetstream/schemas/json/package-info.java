/**
 * JSON binding and validation of the contract: one configured mapper, one validator, stable error
 * codes.
 */
package io.fleetstream.schemas.json;
