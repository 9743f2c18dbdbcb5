package io.fleetstream.bridge.internal.resources;

import io.fleetstream.bridge.BridgeConfig;
import io.fleetstream.bridge.internal.admin.AccountTransfer;
import io.fleetstream.bridge.internal.admin.AuditLog;
import io.fleetstream.bridge.internal.auth.Account;
import io.fleetstream.bridge.internal.auth.AccountStore;
import io.fleetstream.bridge.internal.billing.Meter;
import io.fleetstream.bridge.internal.http.ApiException;
import io.fleetstream.bridge.internal.http.ApiRequest;
import io.fleetstream.bridge.internal.http.ApiResponse;
import io.fleetstream.bridge.internal.http.Route;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The operator's path ({@code /api/v1/admin}, admin key only): top up an account, set its limits,
 * read any account and the audit trail. Balance and limit raises happen here and nowhere else, and
 * each one is an audit entry.
 */
public final class AdminResource {

  /** The body of {@code POST /admin/accounts/{id}/credit}. */
  public record CreditRequest(BigDecimal usd, String note) {}

  /** The body of {@code POST /admin/accounts/{id}/limits}; fields left out keep their value. */
  public record LimitsRequest(
      Integer rpm, Integer burst, Integer maxJobsPerOptimize, String note) {}

  /** The body of {@code POST /admin/accounts/{id}/records}: records as another bridge read them. */
  public record RecordsRequest(List<AccountTransfer.Record> records) {}

  private final BridgeConfig config;
  private final AccountStore accounts;
  private final AccountResource accountViews;
  private final AuditLog audit;
  private final AccountTransfer transfer;

  public AdminResource(
      BridgeConfig config,
      AccountStore accounts,
      AccountResource accountViews,
      AuditLog audit,
      AccountTransfer transfer) {
    this.config = config;
    this.accounts = accounts;
    this.accountViews = accountViews;
    this.audit = audit;
    this.transfer = transfer;
  }

  public List<Route> routes() {
    return List.of(
        Route.get("/api/v1/admin/accounts/{id}", Route.Access.ADMIN, this::account),
        Route.post("/api/v1/admin/accounts/{id}/credit", Route.Access.ADMIN, this::credit),
        Route.post("/api/v1/admin/accounts/{id}/limits", Route.Access.ADMIN, this::limits),
        Route.get("/api/v1/admin/audit", Route.Access.ADMIN, this::auditTrail),
        Route.get("/api/v1/admin/accounts/{id}/records", Route.Access.ADMIN, this::records),
        Route.post("/api/v1/admin/accounts/{id}/records", Route.Access.ADMIN, this::writeRecords));
  }

  ApiResponse account(ApiRequest request) {
    return ApiResponse.ok(accountViews.render(find(request.pathParam("id"))));
  }

  ApiResponse credit(ApiRequest request) {
    CreditRequest body = request.body(CreditRequest.class);
    BigDecimal usd = Checks.required(body.usd(), "usd");
    if (usd.signum() <= 0 || usd.compareTo(config.accounts().maxCreditUsd()) > 0) {
      throw ApiException.invalid(
          "usd",
          "usd must be more than 0 and at most "
              + config.accounts().maxCreditUsd()
              + " (admin.max_credit_usd)");
    }
    if (usd.scale() > 6) {
      throw ApiException.invalid("usd", "usd has at most 6 decimals");
    }
    Checks.text(body.note(), 512, "note");
    String id = find(request.pathParam("id")).id();
    long micros = Meter.toMicros(usd);
    Account[] before = new Account[1];
    Account after =
        accounts.update(
            id,
            a -> {
              before[0] = a;
              return a.toppedUp(micros);
            },
            true);
    AuditLog.Entry e =
        audit.record(
            "credit",
            id,
            request.caller().key().id(),
            body.note(),
            Map.of("usd", usd),
            money(before[0]),
            money(after));
    return ApiResponse.ok(render(e));
  }

  ApiResponse limits(ApiRequest request) {
    LimitsRequest body = request.body(LimitsRequest.class);
    BridgeConfig.Limits max = config.maxLimits();
    Checks.range(body.rpm(), 1, max.rpm(), "rpm");
    Checks.range(body.burst(), 1, max.burst(), "burst");
    Checks.range(body.maxJobsPerOptimize(), 1, max.maxJobsPerOptimize(), "max_jobs_per_optimize");
    Checks.text(body.note(), 512, "note");
    String id = find(request.pathParam("id")).id();
    Account[] before = new Account[1];
    Account after =
        accounts.update(
            id,
            a -> {
              before[0] = a;
              BridgeConfig.Limits l = a.limits();
              return a.withSettings(
                  a.contact(),
                  new BridgeConfig.Limits(
                      body.rpm() != null ? body.rpm() : l.rpm(),
                      body.burst() != null ? body.burst() : l.burst(),
                      body.maxJobsPerOptimize() != null
                          ? body.maxJobsPerOptimize()
                          : l.maxJobsPerOptimize()),
                  a.optimizeDefaults());
            },
            true);
    AuditLog.Entry e =
        audit.record(
            "limits",
            id,
            request.caller().key().id(),
            body.note(),
            Map.of("limits", AccountResource.limits(after.limits())),
            Map.of("limits", AccountResource.limits(before[0].limits())),
            Map.of("limits", AccountResource.limits(after.limits())));
    return ApiResponse.ok(render(e));
  }

  ApiResponse auditTrail(ApiRequest request) {
    String account = request.query("account_id").orElse(null);
    var page = audit.list(account, Lists.cursor(request), Lists.limit(request));
    return ApiResponse.ok(Lists.page(request, page, AuditLog.Entry::id, AdminResource::render));
  }

  /** A page of the account's own records, for {@code bin/fleetstream backup}. */
  ApiResponse records(ApiRequest request) {
    String id = request.pathParam("id");
    String cursor = request.query("cursor").orElse(null);
    AccountTransfer.Page page = transfer.export(id, cursor);
    if (cursor == null) {
      audit.record("export", id, request.caller().key().id(), null, Map.of(), Map.of(), Map.of());
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("object", "list");
    body.put("data", page.records());
    body.put("has_more", page.nextCursor() != null);
    body.put("next_cursor", page.nextCursor());
    body.put("url", request.path());
    return ApiResponse.ok(body);
  }

  /** Writes records another bridge exported, for {@code bin/fleetstream restore}. */
  ApiResponse writeRecords(ApiRequest request) {
    String id = request.pathParam("id");
    List<AccountTransfer.Record> records =
        Checks.required(request.body(RecordsRequest.class).records(), "records");
    AccountTransfer.Outcome outcome = transfer.write(id, records);
    Map<String, Object> change = new LinkedHashMap<>();
    change.put("written", outcome.written());
    change.put("skipped", outcome.skipped());
    audit.record("import", id, request.caller().key().id(), null, change, Map.of(), Map.of());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("object", "account_records_written");
    body.put("account_id", id);
    body.putAll(change);
    return ApiResponse.ok(body);
  }

  private Account find(String id) {
    return accounts.find(id).orElseThrow(() -> ApiException.notFound("account", id));
  }

  private static Map<String, Object> money(Account a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("balance_usd", Meter.usd(a.balanceMicros()));
    m.put("requested_top_up_usd", Meter.usd(a.requestedTopUpMicros()));
    return m;
  }

  private static Map<String, Object> render(AuditLog.Entry e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", e.id());
    m.put("object", "audit_entry");
    m.put("action", e.action());
    m.put("account_id", e.accountId());
    m.put("key_id", e.keyId());
    m.put("note", e.note());
    m.put("change", e.change());
    m.put("before", e.before());
    m.put("after", e.after());
    m.put("created_at", e.createdAt());
    return m;
  }
}
