package io.fleetstream.routing.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Minimal option parsing: {@code --name value}, {@code --flag}, positionals. */
final class Args {

    /** A usage error: wrong or missing arguments (exit code 64). */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    final List<String> positional = new ArrayList<>();
    private final Map<String, String> options = new HashMap<>();
    private final Set<String> flags = new HashSet<>();

    Args(String[] args, Set<String> valued, Set<String> booleans) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("--")) {
                String name = a.substring(2);
                String value = null;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                }
                if (booleans.contains(name)) {
                    if (value != null) throw new UsageException("--" + name + " takes no value");
                    flags.add(name);
                } else if (valued.contains(name)) {
                    if (value == null) {
                        if (i + 1 >= args.length) throw new UsageException("--" + name + " needs a value");
                        value = args[++i];
                    }
                    options.put(name, value);
                } else {
                    throw new UsageException("unknown option --" + name);
                }
            } else {
                positional.add(a);
            }
        }
    }

    boolean flag(String name) {
        return flags.contains(name);
    }

    String get(String name) {
        return options.get(name);
    }

    long getLong(String name, long dflt) {
        String v = options.get(name);
        if (v == null) return dflt;
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a whole number, was '" + v + "'");
        }
    }

    Duration getDuration(String name, Duration dflt) {
        String v = options.get(name);
        return v == null ? dflt : parseDuration(name, v);
    }

    /** {@code 500ms}, {@code 5s}, {@code 2m}, or plain seconds. */
    static Duration parseDuration(String name, String v) {
        String s = v.trim().toLowerCase(Locale.ROOT);
        try {
            Duration d;
            if (s.endsWith("ms")) d = Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
            else if (s.endsWith("s")) d = Duration.ofMillis(Math.round(Double.parseDouble(s.substring(0, s.length() - 1)) * 1000));
            else if (s.endsWith("m")) d = Duration.ofMillis(Math.round(Double.parseDouble(s.substring(0, s.length() - 1)) * 60_000));
            else d = Duration.ofMillis(Math.round(Double.parseDouble(s) * 1000));
            if (d.isNegative() || d.isZero()) throw new UsageException("--" + name + " must be positive, was '" + v + "'");
            return d;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a duration like 5s or 500ms, was '" + v + "'");
        }
    }
}
