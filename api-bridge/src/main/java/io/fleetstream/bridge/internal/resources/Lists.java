package io.fleetstream.bridge.internal.resources;

import io.fleetstream.bridge.internal.http.ApiException;
import io.fleetstream.bridge.internal.http.ApiRequest;
import io.fleetstream.bridge.internal.store.Table;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Cursor pagination for every list: {@code ?limit=1..100} (default 20) and {@code ?cursor=} (the
 * {@code next_cursor} of the previous page, which is the id of its last item).
 */
public final class Lists {

  static final int DEFAULT_LIMIT = 20;
  static final int MAX_LIMIT = 100;

  private Lists() {}

  public static int limit(ApiRequest request) {
    String text = request.query("limit").orElse(null);
    if (text == null) {
      return DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(text);
      if (limit >= 1 && limit <= MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw ApiException.invalid(
        "limit", "limit must be an integer from 1 to " + MAX_LIMIT + ", not '" + text + "'");
  }

  public static String cursor(ApiRequest request) {
    String cursor = request.query("cursor").orElse(null);
    if (cursor != null && !cursor.matches("[A-Za-z0-9_]{1,128}")) {
      throw ApiException.invalid("cursor", "cursor must be the next_cursor of a previous page");
    }
    return cursor;
  }

  public static <T> Map<String, Object> page(
      ApiRequest request,
      Table.Page<T> page,
      Function<T, String> idOf,
      Function<T, Object> render) {
    List<Object> data = page.items().stream().map(render).toList();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("object", "list");
    body.put("data", data);
    body.put("has_more", page.more());
    body.put(
        "next_cursor",
        page.more() && !page.items().isEmpty()
            ? idOf.apply(page.items().get(page.items().size() - 1))
            : null);
    body.put("url", request.path());
    return body;
  }
}
