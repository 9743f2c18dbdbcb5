package io.fleetstream.bridge.internal.http;

import io.javalin.Javalin;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import java.util.List;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Javalin on Jetty 12 serving the routes through the pipeline; router-level errors use the same
 * error model.
 */
public final class HttpServer implements AutoCloseable {

  private final Javalin app;

  public HttpServer(
      String host,
      int port,
      List<Route> routes,
      RequestPipeline pipeline,
      long maxBodyBytes,
      java.util.function.Consumer<org.eclipse.jetty.ee10.servlet.ServletContextHandler> servlets) {
    this.app =
        Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              config.startup.showOldJavalinVersionWarning = false;
              config.jetty.host = host;
              config.jetty.port = port;
              // Handlers block only for Kafka acknowledgements (up to kafka.timeout); the long
              // waits (a synchronous plan,
              // a webhook test send) are deferred answers that hold no thread (ApiResponse.later),
              // so one account
              // cannot park every thread.
              QueuedThreadPool threads = new QueuedThreadPool(250, 16, 60_000);
              threads.setName("bridge-http");
              config.jetty.threadPool = threads;
              config.http.maxRequestSize = maxBodyBytes + 1;
              config.http.prefer405over404 = true;
              config.router.ignoreTrailingSlashes = true;
              // Servlets beside the routes (the MCP endpoint), on the same port.
              config.jetty.modifyServletContextHandler(servlets);
              for (Route route : routes) {
                config.routes.addHttpHandler(
                    HandlerType.findOrCreate(route.method()),
                    route.path(),
                    ctx -> pipeline.handle(route, ctx));
              }
              config.routes.exception(
                  HttpResponseException.class,
                  (e, ctx) ->
                      pipeline.writeError(ctx, translate(e, ctx.method().name(), ctx.path())));
              config.routes.exception(
                  Exception.class, (e, ctx) -> pipeline.writeError(ctx, ApiException.internal()));
            });
  }

  private static ApiException translate(HttpResponseException e, String method, String path) {
    return switch (e.getStatus()) {
      case 404 ->
          ApiException.of(
              ApiErrorCode.NOT_FOUND,
              "no route " + method + " " + path + "; see /.well-known/openapi.json");
      case 405 ->
          ApiException.of(ApiErrorCode.METHOD_NOT_ALLOWED, method + " is not allowed on " + path);
      case 413 ->
          ApiException.of(ApiErrorCode.PAYLOAD_TOO_LARGE, "the body is too large")
              .withParam("body");
      default -> ApiException.of(ApiErrorCode.INVALID_REQUEST, e.getMessage());
    };
  }

  public HttpServer start() {
    app.start();
    return this;
  }

  public int port() {
    return app.port();
  }

  /** Every (method, path) the router serves: what the OpenAPI check compares against. */
  public List<String> registeredRoutes() {
    return app.unsafe.internalRouter.allHttpHandlers().stream()
        .map(p -> p.endpoint.method.name() + " " + p.endpoint.path)
        .toList();
  }

  @Override
  public void close() {
    app.stop();
  }
}
