package io.fleetstream.bridge.internal.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetstream.bridge.internal.audit.ApiCallAudit;
import io.fleetstream.bridge.internal.auth.Caller;
import io.fleetstream.bridge.internal.http.ApiException;
import io.fleetstream.bridge.internal.http.ApiRequest;
import io.fleetstream.bridge.internal.http.ApiResponse;
import io.fleetstream.bridge.internal.http.ErrorBody;
import io.fleetstream.bridge.internal.http.RequestPipeline;
import io.fleetstream.bridge.internal.http.Route;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent-facing tools (MCP tools, A2A skills): each is one REST operation, called with the
 * operation's path, query and body fields as flat arguments. A call goes through the same scope
 * check, rate limits and handler as the REST request would, is recorded like it, and answers what
 * REST answers (errors in the REST error model).
 */
public final class ToolCalls {

  private static final Logger LOG = LoggerFactory.getLogger(ToolCalls.class);

  /** How long a tool waits for a deferred answer (a synchronous optimize) at most. */
  private static final Duration LONGEST_ANSWER = Duration.ofSeconds(120);

  /** A tool: its name, what it does, and the REST operation it is. */
  public record Tool(String name, String description, String method, String path) {}

  /** The seed's six tools, named as there, then a dispatcher's. */
  public static final List<Tool> TOOLS =
      List.of(
          new Tool(
              "optimize",
              "Optimize routes: assign the given jobs to the given drivers and order their stops.",
              "POST",
              "/api/v1/optimize"),
          new Tool("create_job", "Create a delivery or service job.", "POST", "/api/v1/jobs"),
          new Tool("list_jobs", "List jobs, optionally by status.", "GET", "/api/v1/jobs"),
          new Tool("cancel_job", "Cancel a job.", "POST", "/api/v1/jobs/{id}/cancel"),
          new Tool("create_driver", "Create a driver.", "POST", "/api/v1/drivers"),
          new Tool("list_drivers", "List drivers.", "GET", "/api/v1/drivers"),
          // A dispatcher's tools: the live dispatcher's decisions, explained, and commands to it.
          new Tool(
              "get_job",
              "Read a job: its status, driver, ETA, SLA risk and the decision behind it.",
              "GET",
              "/api/v1/jobs/{id}"),
          new Tool(
              "assign_job",
              "Score every driver for a job now and give it to the best one, or with dry_run only"
                  + " say who it would be; answers with the ranked candidates and why.",
              "POST",
              "/api/v1/dispatch/assign"),
          new Tool(
              "reassign_job",
              "Move a job to a chosen driver, optionally pinned there; answers with the live"
                  + " dispatcher's decision and its explanation, or why it could not apply it.",
              "POST",
              "/api/v1/dispatch/reassign"),
          new Tool(
              "dispatch_emergency",
              "Place a priority-1 job now with the nearest capable driver; answers who took it and"
                  + " where each job it displaced went.",
              "POST",
              "/api/v1/dispatch/emergency"),
          new Tool("lock_job", "Pin a job to its driver.", "POST", "/api/v1/dispatch/lock"),
          new Tool(
              "unlock_job", "Let the planner move a job again.", "POST", "/api/v1/dispatch/unlock"),
          new Tool(
              "sla_at_risk",
              "Open jobs predicted to miss their time window, most urgent first.",
              "GET",
              "/api/v1/sla/at-risk"),
          new Tool(
              "simulate",
              "What-if on a zone: add or remove drivers, add jobs or change the objective on a copy"
                  + " of its live state and compare the resulting plan's on-time rate, km, overtime"
                  + " and unassigned jobs with the current plan's; changes nothing live.",
              "POST",
              "/api/v1/simulation/run"),
          new Tool(
              "driver_schedule",
              "Each driver's day: open jobs in route order with predicted arrival and finish,"
                  + " travel, waiting and lateness.",
              "GET",
              "/api/v1/dispatch/schedule"),
          new Tool(
              "job_decisions",
              "Every decision about a job: the candidates, their scores or why they were excluded,"
                  + " and what caused it.",
              "GET",
              "/api/v1/jobs/{id}/audit"),
          new Tool(
              "predict_duration",
              "How long a job of a type will take, for one driver or any, with its band.",
              "POST",
              "/api/v1/prediction/duration"),
          new Tool(
              "start_job", "Report that a job is under way.", "POST", "/api/v1/jobs/{id}/start"),
          new Tool(
              "complete_job", "Report that a job is done.", "POST", "/api/v1/jobs/{id}/complete"),
          new Tool(
              "driver_metrics",
              "A driver's completed and failed jobs, on-time rate, lateness and utilisation.",
              "GET",
              "/api/v1/drivers/{id}/metrics"),
          new Tool(
              "geocode",
              "Find where this stack's map places an address (coordinates, and whether the house"
                  + " number or only the street was found), before a job or driver is written.",
              "GET",
              "/api/v1/geocode"));

  /** A tool with the route it calls and its argument shape. */
  public record Bound(Tool tool, Route route, ToolShape shape) {

    /** What the tool does and the scope a key needs for it, as agents are told. */
    public String description() {
      return tool.description() + " Needs the '" + route.scope().wireName() + "' scope.";
    }
  }

  /** What a call answered: the REST status and body. */
  public record Outcome(int status, JsonNode body) {
    public boolean error() {
      return status >= 400;
    }
  }

  private final Map<String, Bound> tools = new LinkedHashMap<>();
  private final RequestPipeline pipeline;
  private final ObjectMapper json;

  public ToolCalls(
      JsonNode openApi, List<Route> routes, RequestPipeline pipeline, ObjectMapper json) {
    this.pipeline = pipeline;
    this.json = json;
    for (Tool tool : TOOLS) {
      tools.put(
          tool.name(),
          new Bound(tool, route(routes, tool), ToolShape.of(openApi, tool.method(), tool.path())));
    }
  }

  public List<Bound> tools() {
    return List.copyOf(tools.values());
  }

  public Optional<Bound> tool(String name) {
    return Optional.ofNullable(tools.get(name));
  }

  static Route route(List<Route> routes, Tool tool) {
    return routes.stream()
        .filter(r -> r.method().equals(tool.method()) && r.path().equals(tool.path()))
        .findFirst()
        .orElseThrow(
            () -> new IllegalStateException("no route " + tool.method() + " " + tool.path()));
  }

  /**
   * Calls {@code tool} for {@code caller}.
   *
   * @param via how the call came ({@code mcp}, {@code a2a}), as the API-call audit records it
   * @param rateLimited whether the call still takes a rate-limit token (false when the request that
   *     carries it already took one)
   */
  public Outcome call(
      Bound tool, Caller caller, Map<String, Object> arguments, String via, boolean rateLimited) {
    Route route = tool.route();
    ApiCallAudit.Call audited =
        caller != null && ApiCallAudit.audited(route)
            ? pipeline.audit().begin(caller, route, route.path(), null, null, via)
            : null;
    try {
      if (caller == null) {
        throw new IllegalStateException("a tool call without an authenticated caller");
      }
      if (rateLimited) {
        pipeline.admit(caller, route, new LinkedHashMap<>());
      } else {
        pipeline.authorize(caller, route);
      }
      ToolShape.Invocation inv = tool.shape().split(route.path(), arguments);
      if (audited != null) {
        audited.path(inv.path());
      }
      ApiRequest request =
          new ApiRequest(
              caller,
              route.method(),
              inv.path(),
              inv.pathParams(),
              inv.query(),
              inv.body(),
              null,
              via,
              Map.of());
      ApiResponse response = route.handler().handle(request);
      if (response.later() != null) {
        try {
          response
              .later()
              .ready()
              .toCompletableFuture()
              .get(LONGEST_ANSWER.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException
            | java.util.concurrent.TimeoutException e) {
          // The deferred answer itself says what happened (a plan, or 202 with its status URL).
        }
        response = response.later().answer().answer();
      }
      end(audited, response.status(), null);
      return new Outcome(response.status(), json.valueToTree(response.body()));
    } catch (ApiException e) {
      end(audited, e.code().status(), e.code().code());
      return new Outcome(e.code().status(), json.valueToTree(ErrorBody.of(e, pipeline.docsUrl())));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      end(audited, 500, "internal_error");
      return internal(route, e);
    } catch (Exception e) {
      end(audited, 500, "internal_error");
      return internal(route, e);
    }
  }

  private static void end(ApiCallAudit.Call audited, int status, String errorCode) {
    if (audited != null) {
      audited.end(status, errorCode, false);
    }
  }

  private Outcome internal(Route route, Exception e) {
    LOG.error("tool call of {} {} failed", route.method(), route.path(), e);
    return new Outcome(
        500, json.valueToTree(ErrorBody.of(ApiException.internal(), pipeline.docsUrl())));
  }
}
