package io.fleetstream.routing.geocode.internal;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Text normalization shared by the index and the queries: both sides go through the same functions,
 * so a spelling difference only matters when these functions do not erase it.
 */
public final class AddressText {

  /**
   * Street-type abbreviations, kept small on purpose. Expanded only at either end of a name, where
   * the type stands (first in French and German names, last in English ones): in the middle a token
   * is more often something else ("Rue du Dr Roux" is a doctor, not a drive). "st" is absent: it is
   * "saint" at the front and "street" at the end; {@link #streetKey} handles the end.
   */
  private static final Map<String, String> ABBREVIATIONS =
      Map.ofEntries(
          Map.entry("av", "avenue"),
          Map.entry("ave", "avenue"),
          Map.entry("bd", "boulevard"),
          Map.entry("bld", "boulevard"),
          Map.entry("blvd", "boulevard"),
          Map.entry("pl", "place"),
          Map.entry("rd", "road"),
          Map.entry("dr", "drive"),
          Map.entry("ln", "lane"),
          Map.entry("str", "strasse"));

  private static final Pattern DIACRITICS = Pattern.compile("\\p{M}+");

  /**
   * Anything but letters, digits and spaces separates words: the punctuation of names
   * ("Monte-Carlo", "d'Ostende", "St. Paul", "Nord/Süd") and the odd bracket or bullet.
   */
  private static final Pattern PUNCTUATION = Pattern.compile("[^\\p{L}\\p{N}\\s]");

  private static final Pattern SPACES = Pattern.compile("\\s+");

  private AddressText() {}

  /**
   * Folds case and accents, turns punctuation into spaces and collapses spaces: "Avenue d'Ostende"
   * → "avenue d ostende", "Musterstraße" → "musterstrasse". Null gives "".
   */
  public static String normalize(String text) {
    return collapse(PUNCTUATION.matcher(fold(text)).replaceAll(" "));
  }

  /**
   * Case, accents and ß folded, punctuation kept: the first step of {@link #normalize}, for parsing
   * house numbers whose hyphen means a range.
   */
  static String fold(String text) {
    if (text == null) return "";
    String decomposed = Normalizer.normalize(text, Normalizer.Form.NFD);
    return DIACRITICS
        .matcher(decomposed)
        .replaceAll("")
        .toLowerCase(Locale.ROOT)
        .replace("ß", "ss");
  }

  /**
   * The index key of a street name: {@link #normalize normalized}, with street-type abbreviations
   * expanded at either end, "…str" read as "…strasse" ("musterstr" is how German abbreviates
   * "Musterstraße"), and a final "st" read as "street" so "Mission St" and "Mission Street" meet.
   * Blank for a name with no letters or digits.
   */
  public static String streetKey(String name) {
    String normalized = normalize(name);
    if (normalized.isEmpty()) return "";
    List<String> tokens = new ArrayList<>(Arrays.asList(normalized.split(" ")));
    int last = tokens.size() - 1;
    tokens.set(0, expand(tokens.get(0)));
    tokens.set(last, expand(tokens.get(last)));
    if (tokens.size() > 1 && tokens.get(last).equals("st")) tokens.set(last, "street");
    return String.join(" ", tokens);
  }

  private static String expand(String token) {
    String full = ABBREVIATIONS.get(token);
    if (full != null) return full;
    if (token.length() > 3 && token.endsWith("str")) return token + "asse";
    return token;
  }

  /**
   * The index key of a house number: folded, spaces dropped, so "4 bis" = "4bis", "34 b" = "34b",
   * "16 - 18" = "16-18". Blank for null.
   */
  public static String numberKey(String number) {
    return SPACES.matcher(fold(number)).replaceAll("");
  }

  /**
   * The numbers one {@code addr:housenumber} value stands for: "7;9" is two buildings' numbers on
   * one entrance, and a range "17-19" also answers for its two ends.
   */
  public static List<String> numberKeys(String housenumber) {
    List<String> keys = new ArrayList<>();
    for (String part : fold(housenumber).split("[;,]")) {
      String key = numberKey(part);
      if (key.isEmpty()) continue;
      keys.add(key);
      int dash = key.indexOf('-');
      if (dash > 0 && dash < key.length() - 1) {
        keys.add(key.substring(0, dash));
        keys.add(key.substring(dash + 1));
      }
    }
    return keys;
  }

  /** The leading integer of a house number ("16-18" → 16, "4bis" → 4), or -1 when there is none. */
  public static int leadingInt(String numberKey) {
    int end = 0;
    while (end < numberKey.length() && end < 9 && Character.isDigit(numberKey.charAt(end))) end++;
    return end == 0 ? -1 : Integer.parseInt(numberKey, 0, end, 10);
  }

  /** A postcode compared as written, without spaces and case: "SW1A 1AA" = "sw1a1aa". */
  public static String postcodeKey(String postcode) {
    return SPACES.matcher(fold(postcode)).replaceAll("");
  }

  static String collapse(String text) {
    return SPACES.matcher(text).replaceAll(" ").strip();
  }
}
