package io.fleetstream.connectors.outbound;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.util.SocketAddressResolver;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The one way Fleetstream calls a URL a tenant gave it (webhook deliveries and test sends). Only
 * {@code http} and {@code https}; the host is resolved once and the connection goes to an address
 * that was checked ({@link OutboundAddresses}): no second lookup a rebinding DNS server could
 * answer differently. Redirects are not followed; connect and total time are bounded, and so is how
 * much of the answer is kept.
 *
 * <p>Jetty's client rather than the JDK's: the JDK client resolves names itself and offers no hook
 * to connect to the address we checked, while Jetty takes a {@link SocketAddressResolver}.
 */
public final class OutboundHttp implements AutoCloseable {

  /** What went wrong, in the classes a delivery record names. */
  public enum FailureKind {
    INVALID_URL("invalid_url"),
    REFUSED_ADDRESS("refused_address"),
    CONNECT("connect"),
    TIMEOUT("timeout");

    private final String errorClass;

    FailureKind(String errorClass) {
      this.errorClass = errorClass;
    }

    /** The {@code error_class} of a delivery record. */
    public String errorClass() {
      return errorClass;
    }
  }

  /** A call that got no HTTP answer. */
  public static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final FailureKind kind;

    Failure(FailureKind kind, String message, Throwable cause) {
      super(message, cause);
      this.kind = kind;
    }

    public FailureKind kind() {
      return kind;
    }
  }

  /**
   * An HTTP answer: its status, its headers' first values as asked for, and at most {@code
   * maxResponseBytes} of its body.
   */
  public record Response(int status, Map<String, String> headers, byte[] body, boolean truncated) {
    public Optional<String> header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(Map.Entry::getValue)
          .findFirst();
    }
  }

  /** How every outbound call names itself. */
  static final String USER_AGENT = "Fleetstream-Webhooks/1";

  private final HttpClient client;
  private final OutboundPolicy policy;
  private final Duration requestTimeout;
  private final int maxResponseBytes;

  private OutboundHttp(Builder b) {
    this.policy = b.policy;
    this.requestTimeout = b.requestTimeout;
    this.maxResponseBytes = b.maxResponseBytes;
    QueuedThreadPool threads = new QueuedThreadPool(b.maxThreads, 2);
    threads.setName(b.name);
    threads.setDaemon(true);
    this.client = new HttpClient();
    client.setExecutor(threads);
    client.setFollowRedirects(false);
    client.setConnectTimeout(b.connectTimeout.toMillis());
    client.setIdleTimeout(requestTimeout.toMillis());
    client.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, USER_AGENT));
    client.setSslContextFactory(new SslContextFactory.Client());
    client.setSocketAddressResolver(this::resolve);
    try {
      client.start();
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the outbound HTTP client", e);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * POSTs {@code body} to {@code url}. Completes with the answer (any status), or exceptionally
   * with a {@link Failure} saying why there was none.
   */
  public CompletableFuture<Response> post(
      String url, Map<String, String> headers, String contentType, byte[] body) {
    CompletableFuture<Response> result = new CompletableFuture<>();
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      result.completeExceptionally(
          new Failure(FailureKind.INVALID_URL, "not a URL: " + e.getMessage(), e));
      return result;
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
      result.completeExceptionally(
          new Failure(FailureKind.INVALID_URL, "only http and https URLs with a host", null));
      return result;
    }
    Request request =
        client
            .newRequest(uri)
            .method(HttpMethod.POST)
            .timeout(requestTimeout.toMillis(), TimeUnit.MILLISECONDS)
            .body(new BytesRequestContent(contentType, body));
    request.headers(h -> headers.forEach(h::put));
    List<ByteBuffer> kept = new ArrayList<>();
    int[] size = {0};
    boolean[] truncated = {false};
    request.onResponseContent(
        (response, content) -> {
          int room = maxResponseBytes - size[0];
          if (content.remaining() > room) {
            truncated[0] = true;
            ByteBuffer part = content.slice();
            part.limit(Math.max(0, room));
            kept.add(copy(part));
            size[0] = maxResponseBytes;
            // Enough: the rest of an oversized answer is neither read nor kept.
            response.abort(new ResponseTooLarge());
          } else {
            kept.add(copy(content));
            size[0] += content.remaining();
          }
        });
    request.send(
        outcome -> {
          org.eclipse.jetty.client.Response response = outcome.getResponse();
          Throwable failure = outcome.getFailure();
          if (failure == null || (failure instanceof ResponseTooLarge && response != null)) {
            byte[] bytes = new byte[size[0]];
            int at = 0;
            for (ByteBuffer b : kept) {
              int n = Math.min(b.remaining(), bytes.length - at);
              b.get(bytes, at, n);
              at += n;
            }
            Map<String, String> answerHeaders = new java.util.LinkedHashMap<>();
            response
                .getHeaders()
                .forEach(f -> answerHeaders.putIfAbsent(f.getName(), f.getValue()));
            result.complete(new Response(response.getStatus(), answerHeaders, bytes, truncated[0]));
          } else {
            result.completeExceptionally(classify(failure));
          }
        });
    return result;
  }

  private static ByteBuffer copy(ByteBuffer content) {
    ByteBuffer copy = ByteBuffer.allocate(content.remaining());
    copy.put(content.duplicate()).flip();
    return copy;
  }

  private static Failure classify(Throwable failure) {
    Throwable t = failure;
    while (t != null) {
      if (t instanceof Failure f) {
        return f;
      }
      if (t instanceof OutboundAddresses.RefusedAddressException refused) {
        return new Failure(FailureKind.REFUSED_ADDRESS, refused.getMessage(), refused);
      }
      if (t instanceof TimeoutException || t instanceof java.net.SocketTimeoutException) {
        return new Failure(FailureKind.TIMEOUT, "no answer in time: " + t.getMessage(), failure);
      }
      t = t.getCause();
    }
    return new Failure(FailureKind.CONNECT, String.valueOf(failure.getMessage()), failure);
  }

  /**
   * Jetty connects to what this returns: the name's addresses, each checked. Blocking DNS runs on
   * the client's own threads.
   */
  private void resolve(
      String host,
      int port,
      Map<String, Object> context,
      org.eclipse.jetty.util.Promise<List<InetSocketAddress>> promise) {
    client
        .getExecutor()
        .execute(
            () -> {
              try {
                List<InetSocketAddress> allowed = new ArrayList<>();
                for (InetAddress address : InetAddress.getAllByName(host)) {
                  Optional<String> why = policy.refusal(address);
                  if (why.isPresent()) {
                    // One refused address refuses the name: a rebinding answer often mixes both.
                    promise.failed(
                        new OutboundAddresses.RefusedAddressException(host, address, why.get()));
                    return;
                  }
                  allowed.add(new InetSocketAddress(address, port));
                }
                promise.succeeded(allowed);
              } catch (UnknownHostException e) {
                promise.failed(e);
              }
            });
  }

  @Override
  public void close() {
    try {
      client.stop();
    } catch (Exception e) {
      // closing: nothing left to do with it
    }
  }

  /** Thrown into Jetty to stop reading an answer we have kept enough of. */
  private static final class ResponseTooLarge extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ResponseTooLarge() {
      super("answer larger than kept", null, false, false);
    }
  }

  /** Builds an {@link OutboundHttp}. */
  public static final class Builder {
    private OutboundPolicy policy = OutboundPolicy.PUBLIC_ONLY;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration requestTimeout = Duration.ofSeconds(15);
    private int maxResponseBytes = 64 * 1024;
    private int maxThreads = 16;
    private String name = "fleetstream-outbound";

    /** Which addresses may be called; public ones only unless said otherwise. */
    public Builder policy(OutboundPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    /** The whole call, from connecting to the last byte kept. */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = timeout;
      return this;
    }

    /** How much of an answer's body is kept; the rest is not read. */
    public Builder maxResponseBytes(int bytes) {
      this.maxResponseBytes = bytes;
      return this;
    }

    public Builder maxThreads(int threads) {
      this.maxThreads = threads;
      return this;
    }

    /** The name of the client's threads. */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    public OutboundHttp build() {
      if (maxResponseBytes < 0 || maxThreads < 4) {
        throw new IllegalArgumentException("maxResponseBytes >= 0 and maxThreads >= 4");
      }
      return new OutboundHttp(this);
    }
  }
}
