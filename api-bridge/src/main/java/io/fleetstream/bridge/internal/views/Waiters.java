package io.fleetstream.bridge.internal.views;

import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.Topic;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Requests waiting for the job's answer on one topic: a request registers its id before it writes
 * its command, so the answer cannot arrive unseen; the view consumer completes the wait when the
 * answer with that id has been folded.
 */
public class Waiters<T> implements ViewConsumer.Listener {

  private final Topic topic;
  private final Class<T> type;
  private final Function<T, String> idOf;
  private final Map<String, CompletableFuture<T>> waiting = new ConcurrentHashMap<>();

  protected Waiters(Topic topic, Class<T> type, Function<T, String> idOf) {
    this.topic = topic;
    this.type = type;
    this.idOf = idOf;
  }

  public CompletableFuture<T> register(String tenant, String id) {
    return waiting.computeIfAbsent(tenant + "/" + id, k -> new CompletableFuture<>());
  }

  public void forget(String tenant, String id) {
    waiting.remove(tenant + "/" + id);
  }

  @Override
  public void applied(Topic from, CloudEvent event) {
    if (from == topic && type.isInstance(event.data())) {
      T answer = type.cast(event.data());
      CompletableFuture<T> f = waiting.remove(event.tenant() + "/" + idOf.apply(answer));
      if (f != null) {
        f.complete(answer);
      }
    }
  }
}
