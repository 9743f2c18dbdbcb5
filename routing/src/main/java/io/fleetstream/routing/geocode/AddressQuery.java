package io.fleetstream.routing.geocode;

/**
 * An address to geocode, as a caller has it.
 *
 * @param line the street part with or without a house number, e.g. {@code "15 Avenue de
 *     Monte-Carlo"} or {@code "Musterstrasse 5"}; a whole one-line address such as {@code "15
 *     Avenue de Monte-Carlo, 98000 Monaco"} is accepted too (best effort)
 * @param city the town, used only to choose between streets of the same name; may be null
 * @param postalCode the postcode, used only to choose between streets of the same name; may be null
 */
public record AddressQuery(String line, String city, String postalCode) {}
