package io.fleetstream.schemas.json;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A golden telemetry ping as lists of members, mutated at the text level and rendered as JSON:
 * shuffled, dropped, repeated and renamed members, odd values, random whitespace, trailing data and
 * broken syntax — what a mutated tree cannot express.
 */
final class PingTextMutant {

  private static final String[] WHITESPACE = {"", "", " ", "\n  ", "\t", "\r\n"};
  private static final String[] NAMES = {
    "extra",
    "ext1",
    "traceparent",
    "Lat",
    "lat ",
    "lat",
    "id",
    "subject",
    "speed_mps",
    "data",
    "DATA",
    "",
    "driver_id",
    "time",
    "recorded_at",
    "tenant"
  };
  private static final String[] VALUES = {
    "null",
    "true",
    "false",
    "[]",
    "[1]",
    "{}",
    "{\"lat\": 1}",
    "\"\"",
    "\"x\"",
    "0",
    "-0",
    "1",
    "90",
    "90.0",
    "90.00000000000000001",
    "-90.00000000000000001",
    "-1e-400",
    "1e-400",
    "0.0",
    "-0.0",
    "1e2",
    "1E+2",
    "100.000000000000000001",
    "359.99999999999999999",
    "360",
    "3.6e2",
    "359.9",
    "100000",
    "100000.0000000000000001",
    "12345678901",
    "123456789012345678901234567890",
    "1e400",
    "37.7801",
    "-122.4",
    "\"drv_\\u0031\"",
    "\"2026-05-08T16:00:00Z\"",
    "\"2026-05-08T16:00:00.123456789+01:00\"",
    "\"2026-05-08T16:00:00.1234567890Z\"",
    "\"2026-02-30T10:00:00Z\"",
    "\"2016-12-31T23:59:60Z\"",
    "\"2026-05-08T16:00:00+18:30\"",
    "\"1.0\"",
    "\"application/json\"",
    "\"io.fleetstream.telemetry.ping.v1\"",
    "\"io.fleetstream.job.created.v1\"",
    "\"/driver-app\"",
    "\"/a//b\"",
    "\"a/\"",
    "\"a/b~c\"",
    "\"acct_demo\"",
    "\"acct/demo\"",
    "\"acct:demo\"",
    "\"é\"",
    "\"" + "a".repeat(64) + "\"",
    "\"" + "a".repeat(65) + "\"",
    "\"" + "a".repeat(128) + "\"",
    "\"" + "a".repeat(256) + "\"",
    "\"" + "a".repeat(257) + "\"",
    "\"" + "é".repeat(10) + "\"",
    "\"\\u00e9\"",
    "\"a\\u0000b\"",
    "\"a\\nb\"",
    "\"\\ud83d\\ude00\""
  };
  private static final String[] SUFFIXES = {
    " ", "\n", " {}", " 1", "x", ",", "]", " null", "{}", "\"x\""
  };

  private final Random random;

  /** {name, JSON value}; the value of {@code data} is null while it renders {@link #data}. */
  private final List<String[]> envelope = new ArrayList<>();

  private final List<String[]> data = new ArrayList<>();
  private String suffix = "";
  private boolean breakSyntax;

  PingTextMutant(Random random) {
    this.random = random;
    envelope.add(new String[] {"specversion", "\"1.0\""});
    envelope.add(new String[] {"id", "\"evt_01J0PING00000000001\""});
    envelope.add(new String[] {"source", "\"/driver-app\""});
    envelope.add(new String[] {"type", "\"io.fleetstream.telemetry.ping.v1\""});
    envelope.add(new String[] {"subject", "\"drv_x\""});
    envelope.add(new String[] {"time", "\"2026-05-08T16:00:01Z\""});
    envelope.add(new String[] {"datacontenttype", "\"application/json\""});
    envelope.add(new String[] {"tenant", "\"acct_demo\""});
    envelope.add(new String[] {"partitionkey", "\"drv_x\""});
    envelope.add(new String[] {"data", null});
    data.add(new String[] {"driver_id", "\"drv_x\""});
    data.add(new String[] {"lat", "37.7801"});
    data.add(new String[] {"lng", "-122.4123"});
    data.add(new String[] {"speed_mps", "11.2"});
    data.add(new String[] {"heading_deg", "271.5"});
    data.add(new String[] {"accuracy_m", "6"});
    data.add(new String[] {"recorded_at", "\"2026-05-08T16:00:00.500Z\""});
    int mutations = random.nextInt(4);
    for (int i = 0; i < mutations; i++) {
      mutate();
    }
  }

  private void mutate() {
    List<String[]> level = random.nextBoolean() ? envelope : data;
    if (level.isEmpty()) {
      return;
    }
    int at = random.nextInt(level.size());
    switch (random.nextInt(8)) {
      case 0 -> Collections.shuffle(level, random);
      case 1 -> level.remove(at);
      case 2 ->
          level.add(
              random.nextInt(level.size() + 1),
              new String[] {
                level.get(at)[0], random.nextBoolean() ? level.get(at)[1] : pick(VALUES)
              });
      case 3 -> level.set(at, new String[] {pick(NAMES), level.get(at)[1]});
      case 4, 5 -> level.set(at, new String[] {level.get(at)[0], pick(VALUES)});
      case 6 -> suffix = pick(SUFFIXES);
      default -> breakSyntax = random.nextInt(3) == 0;
    }
  }

  String render() {
    StringBuilder out = new StringBuilder(pick(WHITESPACE));
    object(out, envelope);
    out.append(pick(WHITESPACE)).append(suffix);
    if (breakSyntax && out.length() > 0) {
      int at = random.nextInt(out.length());
      if (random.nextBoolean()) {
        out.deleteCharAt(at);
      } else {
        out.insert(at, "{}[],:\" 0".charAt(random.nextInt(9)));
      }
    }
    return out.toString();
  }

  private void object(StringBuilder out, List<String[]> members) {
    out.append('{');
    for (int i = 0; i < members.size(); i++) {
      String[] member = members.get(i);
      out.append(i == 0 ? "" : ",")
          .append(pick(WHITESPACE))
          .append('"')
          .append(member[0])
          .append('"')
          .append(pick(WHITESPACE))
          .append(':')
          .append(pick(WHITESPACE));
      if (member[1] == null) {
        object(out, data);
      } else {
        out.append(member[1]);
      }
    }
    out.append(pick(WHITESPACE)).append('}');
  }

  private String pick(String[] choices) {
    return choices[random.nextInt(choices.length)];
  }
}
