package io.fleetstream.schemas.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * One state-changing call of the HTTP API or its MCP tools, whatever its outcome: who made it, with
 * which key, on which route, and how it ended. Read-only calls are not recorded.
 *
 * @param via {@code rest}, {@code mcp} or {@code a2a}
 * @param route the route's template, e.g. {@code /api/v1/jobs/{id}/cancel}
 * @param path the path as called, e.g. {@code /api/v1/jobs/job_1/cancel}
 * @param status the HTTP status answered (for MCP, the status the same REST call would answer)
 * @param errorCode the API error code when the call was refused, e.g. {@code insufficient_scope}
 * @param replayed the answer was a stored one (same Idempotency-Key): nothing new was done
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ApiCallData(
    String accountId,
    String keyId,
    String via,
    String method,
    String route,
    String path,
    int status,
    String errorCode,
    String idempotencyKey,
    Boolean replayed,
    String clientIp,
    Instant at,
    long durationMs)
    implements EventData {}
