package io.fleetstream.routing.geocode.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An address line taken apart: house number and street, and for a one-line address ("15 Avenue de
 * Monte-Carlo, 98000 Monaco") the postcode and city that followed the street.
 *
 * @param number the house number key ({@link AddressText#numberKey}), blank when the line had none
 * @param street the street key ({@link AddressText#streetKey}), blank when nothing was left
 * @param wholeStreet the street key of the address part with nothing taken off, for streets whose
 *     name ends in a number ("Route 66") when {@code street} finds nothing
 * @param postcode the postcode found after the street, blank when none
 * @param city the city found after the street, normalized, blank when none
 */
public record ParsedLine(
    String number, String street, String wholeStreet, String postcode, String city) {

  /**
   * A house number token: "15", "5a", "4bis", "16-18". Deliberately not "1er" (Boulevard Albert
   * 1er) nor "3" followed by a word in the middle of a name (Avenue du 3 Septembre): only a whole
   * token at either end of the address part counts.
   */
  private static final Pattern NUMBER =
      Pattern.compile("\\d{1,6}(bis|ter|quater|[a-z])?(-\\d{1,6}[a-z]?)?");

  /** A suffix written as a token of its own: "4 bis", "5 a". */
  private static final Pattern SUFFIX = Pattern.compile("bis|ter|quater|[a-z]");

  private static final ParsedLine EMPTY = new ParsedLine("", "", "", "", "");

  /** Parses a free-text line; never throws, null and blank give an empty parse. */
  public static ParsedLine parse(String line) {
    List<String> parts = new ArrayList<>();
    for (String part : AddressText.fold(line).split(",")) {
      String trimmed = AddressText.collapse(part);
      if (!trimmed.isEmpty()) parts.add(trimmed);
    }
    if (parts.isEmpty()) return EMPTY;
    // "15, Avenue de Monte-Carlo": the number stands alone before the first comma.
    int rest = 1;
    String address = parts.get(0);
    if (parts.size() > 1 && NUMBER.matcher(address.replace(" ", "")).matches()) {
      address = address + " " + parts.get(1);
      rest = 2;
    }
    List<String> tokens = new ArrayList<>(Arrays.asList(address.split(" ")));
    String number = takeNumber(tokens);
    String street = AddressText.streetKey(String.join(" ", tokens));
    String wholeStreet = AddressText.streetKey(address);
    return trailing(parts.subList(rest, parts.size()), number, street, wholeStreet);
  }

  /** Removes the house number from the front or the back of the tokens and returns its key. */
  private static String takeNumber(List<String> tokens) {
    int n = tokens.size();
    if (n >= 2 && NUMBER.matcher(tokens.get(0)).matches()) {
      String number = tokens.remove(0);
      if (n >= 3 && SUFFIX.matcher(tokens.get(0)).matches()) number += tokens.remove(0);
      return AddressText.numberKey(number);
    }
    if (n >= 2 && NUMBER.matcher(tokens.get(n - 1)).matches()) {
      return AddressText.numberKey(tokens.remove(n - 1));
    }
    if (n >= 3
        && SUFFIX.matcher(tokens.get(n - 1)).matches()
        && NUMBER.matcher(tokens.get(n - 2)).matches()) {
      String suffix = tokens.remove(n - 1);
      return AddressText.numberKey(tokens.remove(n - 2) + suffix);
    }
    return "";
  }

  /**
   * Reads what followed the street: tokens with a digit are the postcode ("98000", "SW1A 1AA"), the
   * words of the first part that has any are the city ("San Francisco, CA 94105": the city is San
   * Francisco, "CA" is dropped). Best effort: only used to prefer one place over another.
   */
  private static ParsedLine trailing(
      List<String> parts, String number, String street, String wholeStreet) {
    String postcode = "";
    String city = "";
    for (String part : parts) {
      StringBuilder digits = new StringBuilder();
      StringBuilder words = new StringBuilder();
      for (String token : part.split(" ")) {
        StringBuilder into = token.chars().anyMatch(Character::isDigit) ? digits : words;
        into.append(into.isEmpty() ? "" : " ").append(token);
      }
      if (postcode.isEmpty()) postcode = digits.toString();
      if (city.isEmpty()) city = AddressText.normalize(words.toString());
    }
    return new ParsedLine(number, street, wholeStreet, AddressText.postcodeKey(postcode), city);
  }
}
