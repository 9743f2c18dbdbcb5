package io.fleetstream.bridge.internal.mcp;

import io.fleetstream.bridge.internal.auth.Caller;
import io.fleetstream.bridge.internal.http.ApiException;
import io.fleetstream.bridge.internal.http.ApiJson;
import io.fleetstream.bridge.internal.http.ErrorBody;
import io.fleetstream.bridge.internal.http.RequestPipeline;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The Bearer key in front of {@code /mcp}: the same authentication and 401 reasons as the REST
 * routes, answered in the REST error model before the SDK sees the request. The scope of each tool
 * is checked per call ({@link McpEndpoint}).
 */
final class McpAuthFilter implements Filter {

  private final RequestPipeline pipeline;

  McpAuthFilter(RequestPipeline pipeline) {
    this.pipeline = pipeline;
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest request = (HttpServletRequest) req;
    HttpServletResponse response = (HttpServletResponse) res;
    Caller caller;
    try {
      caller = pipeline.authenticator().authenticate(request.getHeader("Authorization"));
    } catch (ApiException e) {
      response.setStatus(e.code().status());
      e.headers().forEach(response::setHeader);
      response.setContentType("application/json");
      response.getOutputStream().write(ApiJson.write(ErrorBody.of(e, pipeline.docsUrl())));
      return;
    }
    request.setAttribute(McpEndpoint.CALLER, caller);
    chain.doFilter(req, res);
  }
}
