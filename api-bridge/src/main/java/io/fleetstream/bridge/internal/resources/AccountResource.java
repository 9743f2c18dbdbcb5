package io.fleetstream.bridge.internal.resources;

import io.fleetstream.bridge.BridgeConfig;
import io.fleetstream.bridge.internal.auth.Account;
import io.fleetstream.bridge.internal.auth.AccountStore;
import io.fleetstream.bridge.internal.auth.ApiKeyRecord;
import io.fleetstream.bridge.internal.auth.ApiKeys;
import io.fleetstream.bridge.internal.auth.Scope;
import io.fleetstream.bridge.internal.billing.Meter;
import io.fleetstream.bridge.internal.http.ApiErrorCode;
import io.fleetstream.bridge.internal.http.ApiException;
import io.fleetstream.bridge.internal.http.ApiRequest;
import io.fleetstream.bridge.internal.http.ApiResponse;
import io.fleetstream.bridge.internal.http.Route;
import io.fleetstream.schemas.events.OptimizeOptions;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Sign-up, {@code /api/v1/account} and {@code /api/v1/api_keys}. */
public final class AccountResource {

  /** The body of {@code POST /agent_signup}. */
  public record SignupRequest(
      String agentId, String contact, BigDecimal prepayUsd, Boolean sandbox) {}

  /** The body of {@code PATCH /account}. */
  public record AccountPatch(String contact, LimitsPatch limits, OptionsRequest optimizeDefaults) {}

  /**
   * Limits an account lowers for itself; raising them is the operator's ({@link AdminResource}).
   */
  public record LimitsPatch(Integer rpm, Integer burst, Integer maxJobsPerOptimize) {}

  /**
   * The body of {@code POST /api_keys}: a name and, optionally, a rate limit of the key within the
   * account's, its scopes (at most the creating key's; all of those by default) and when it
   * expires.
   */
  public record KeyRequest(
      String name, Integer rpm, Integer burst, List<String> scopes, OffsetDateTime expiresAt) {}

  /** The body of {@code POST /api_keys/{id}/rotate}: how long the old key keeps working. */
  public record RotateRequest(Integer graceSeconds) {}

  /** A rotated key works this long by default, so deployments can switch without an outage. */
  static final int DEFAULT_GRACE_SECONDS = 3600;

  static final int MAX_GRACE_SECONDS = 7 * 24 * 3600;

  private final BridgeConfig config;
  private final AccountStore accounts;
  private final Meter meter;

  public AccountResource(BridgeConfig config, AccountStore accounts, Meter meter) {
    this.config = config;
    this.accounts = accounts;
    this.meter = meter;
  }

  public List<Route> routes() {
    return List.of(
        Route.post("/api/v1/agent_signup", Route.Access.ANONYMOUS, this::signup),
        Route.get("/api/v1/account", Route.Access.KEY, this::get),
        Route.patch("/api/v1/account", Route.Access.KEY, this::patch).scope(Scope.ADMIN),
        Route.post("/api/v1/api_keys", Route.Access.KEY, this::createKey).scope(Scope.ADMIN),
        Route.get("/api/v1/api_keys", Route.Access.KEY, this::listKeys).scope(Scope.ADMIN),
        Route.delete("/api/v1/api_keys/{id}", Route.Access.KEY, this::revokeKey).scope(Scope.ADMIN),
        Route.post("/api/v1/api_keys/{id}/rotate", Route.Access.KEY, this::rotateKey)
            .scope(Scope.ADMIN));
  }

  /**
   * A new account starts with the operator's trial credit ({@code signup.trial_usd}, default 0).
   * {@code prepay_usd} creates no balance: it is recorded as the top-up the account asks for
   * ({@code requested_top_up_usd}), which the operator credits once it is paid.
   */
  ApiResponse signup(ApiRequest request) {
    SignupRequest body = request.body(SignupRequest.class);
    Checks.required(body.agentId(), "agent_id");
    Checks.text(body.agentId(), 128, "agent_id");
    Checks.text(body.contact(), 256, "contact");
    BigDecimal prepay = body.prepayUsd() == null ? BigDecimal.ZERO : body.prepayUsd();
    if (prepay.signum() < 0 || prepay.compareTo(config.maxPrepayUsd()) > 0) {
      throw ApiException.invalid(
          "prepay_usd", "prepay_usd must be between 0 and " + config.maxPrepayUsd());
    }
    if (prepay.scale() > 6) {
      throw ApiException.invalid("prepay_usd", "prepay_usd has at most 6 decimals");
    }
    boolean sandbox = Boolean.TRUE.equals(body.sandbox());
    long trial = sandbox ? 0 : Meter.toMicros(config.accounts().trialUsd());
    AccountStore.Signup s =
        accounts.create(
            body.agentId(),
            body.contact(),
            sandbox,
            trial,
            sandbox ? 0 : Meter.toMicros(prepay),
            config.defaultLimits());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("account_id", s.account().id());
    m.put("api_key", s.secret());
    m.put("key_id", s.key().id());
    m.put("mode", s.account().mode());
    m.put("balance_usd", Meter.usd(s.account().balanceMicros()));
    m.put("balance_own", Meter.usd(s.account().balanceOwnMicros()));
    m.put("requested_top_up_usd", Meter.usd(s.account().requestedTopUpMicros()));
    m.put("top_up_url", meter.topUpUrl(s.account().id()));
    m.put("rate_per_optimize", sandbox ? BigDecimal.ZERO : config.optimizePriceUsd());
    m.put("rate_per_write", sandbox ? BigDecimal.ZERO : config.writePriceUsd());
    m.put("limits", limits(s.account().limits()));
    return ApiResponse.created(m);
  }

  ApiResponse get(ApiRequest request) {
    return ApiResponse.ok(render(accounts.find(request.tenant()).orElseThrow()));
  }

  ApiResponse patch(ApiRequest request) {
    AccountPatch body = request.body(AccountPatch.class);
    Checks.text(body.contact(), 256, "contact");
    if (body.optimizeDefaults() != null && body.optimizeDefaults().lockedStops() != null) {
      // locks name one request's drivers and jobs: as a default they would lock nothing sensible
      throw ApiException.invalid(
          "optimize_defaults.locked_stops", "locked stops belong to one optimize request");
    }
    OptimizeOptions defaults =
        body.optimizeDefaults() == null
            ? null
            : OptionsRequest.check(body.optimizeDefaults(), "optimize_defaults");
    Account updated =
        accounts.update(
            request.tenant(),
            a ->
                a.withSettings(
                    body.contact() != null ? body.contact() : a.contact(),
                    body.limits() != null ? checkLimits(body.limits(), a.limits()) : a.limits(),
                    defaults != null
                        ? OptionsRequest.merge(a.optimizeDefaults(), defaults)
                        : a.optimizeDefaults()),
            true);
    return ApiResponse.ok(render(updated));
  }

  /**
   * An account may lower its limits; only the operator raises them (403 {@code forbidden} naming
   * the field).
   */
  private static BridgeConfig.Limits checkLimits(LimitsPatch p, BridgeConfig.Limits current) {
    atMost(p.rpm(), current.rpm(), "limits.rpm");
    atMost(p.burst(), current.burst(), "limits.burst");
    atMost(p.maxJobsPerOptimize(), current.maxJobsPerOptimize(), "limits.max_jobs_per_optimize");
    return new BridgeConfig.Limits(
        p.rpm() != null ? p.rpm() : current.rpm(),
        p.burst() != null ? p.burst() : current.burst(),
        p.maxJobsPerOptimize() != null ? p.maxJobsPerOptimize() : current.maxJobsPerOptimize());
  }

  private static void atMost(Integer value, int current, String field) {
    Checks.range(value, 1, Integer.MAX_VALUE, field);
    if (value != null && value > current) {
      throw ApiException.of(
              ApiErrorCode.FORBIDDEN,
              field
                  + " can only be lowered here (now "
                  + current
                  + "); the operator raises limits (POST /api/v1/admin/accounts/{id}/limits)")
          .withParam(field);
    }
  }

  ApiResponse createKey(ApiRequest request) {
    KeyRequest body =
        request.bodyOr(KeyRequest.class, new KeyRequest(null, null, null, null, null));
    Checks.text(body.name(), 128, "name");
    BridgeConfig.Limits account = request.caller().account().limits();
    Checks.range(body.rpm(), 1, account.rpm(), "rpm");
    Checks.range(body.burst(), 1, account.burst(), "burst");
    List<String> scopes = grantable(request.caller().key(), body.scopes());
    Instant expiresAt = null;
    if (body.expiresAt() != null) {
      expiresAt = body.expiresAt().toInstant().truncatedTo(ChronoUnit.MILLIS);
      if (!expiresAt.isAfter(Instant.now())) {
        throw ApiException.invalid("expires_at", "expires_at must be in the future");
      }
    }
    String secret = ApiKeys.generate(request.caller().account().sandbox());
    ApiKeyRecord key =
        accounts.addKey(
            request.tenant(),
            secret,
            new AccountStore.KeyTerms(body.name(), body.rpm(), body.burst(), scopes, expiresAt),
            config.accounts().maxKeysPerAccount());
    Map<String, Object> m = renderKey(key);
    m.put("key", secret);
    return ApiResponse.created(m);
  }

  /**
   * The scopes a new key gets: what was asked, which must be known and held by the creating key (no
   * key makes a stronger one), or by default all the creating key holds.
   */
  static List<String> grantable(ApiKeyRecord creator, List<String> asked) {
    if (asked == null) {
      return creator.scopes();
    }
    if (asked.isEmpty()) {
      throw ApiException.invalid("scopes", "scopes is empty: a key needs at least one scope");
    }
    java.util.Set<String> out = new java.util.LinkedHashSet<>();
    for (int i = 0; i < asked.size(); i++) {
      String name = asked.get(i);
      String field = "scopes[" + i + "]";
      Scope scope =
          Scope.byWireName(name == null ? "" : name)
              .orElseThrow(
                  () ->
                      ApiException.invalid(
                          field,
                          "unknown scope '"
                              + name
                              + "'; one of "
                              + java.util.Arrays.stream(Scope.values())
                                  .map(Scope::wireName)
                                  .toList()));
      if (!creator.has(scope)) {
        throw ApiException.of(
                ApiErrorCode.INSUFFICIENT_SCOPE,
                "this key cannot grant '" + name + "': it does not hold that scope itself")
            .withParam(field)
            .with("missing_scope", name);
      }
      out.add(scope.wireName());
    }
    return List.copyOf(out);
  }

  /**
   * A new secret for the same key terms; the old key keeps working for {@code grace_seconds}
   * (default an hour, 0 to stop it now), so a deployment can switch without an outage.
   */
  ApiResponse rotateKey(ApiRequest request) {
    String id = request.pathParam("id");
    RotateRequest body = request.bodyOr(RotateRequest.class, new RotateRequest(null));
    Checks.range(body.graceSeconds(), 0, MAX_GRACE_SECONDS, "grace_seconds");
    int grace = body.graceSeconds() != null ? body.graceSeconds() : DEFAULT_GRACE_SECONDS;
    ApiKeyRecord old =
        accounts.key(request.tenant(), id).orElseThrow(() -> ApiException.notFound("api_key", id));
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    if (!old.active(now)) {
      throw ApiException.of(
              ApiErrorCode.CONFLICT,
              "api_key "
                  + id
                  + " is "
                  + (old.revoked() ? "revoked" : "expired")
                  + "; create a new one")
          .withParam("id");
    }
    String secret = ApiKeys.generate(request.caller().account().sandbox());
    // The replacement is not counted against keys.max_per_account: the old key ends with the grace.
    ApiKeyRecord fresh =
        accounts.addKey(
            request.tenant(),
            secret,
            new AccountStore.KeyTerms(
                old.name(), old.rpm(), old.burst(), old.scopes(), old.expiresAt()),
            Integer.MAX_VALUE);
    Instant end = now.plusSeconds(grace);
    ApiKeyRecord ending =
        accounts.replace(
            old.expiresAt() != null && old.expiresAt().isBefore(end) ? old : old.expireAt(end));
    Map<String, Object> m = renderKey(fresh);
    m.put("key", secret);
    m.put("replaces", renderKey(ending));
    return ApiResponse.created(m);
  }

  ApiResponse listKeys(ApiRequest request) {
    var page = accounts.keys(request.tenant(), Lists.cursor(request), Lists.limit(request));
    return ApiResponse.ok(Lists.page(request, page, ApiKeyRecord::id, AccountResource::renderKey));
  }

  ApiResponse revokeKey(ApiRequest request) {
    String id = request.pathParam("id");
    ApiKeyRecord key =
        accounts.key(request.tenant(), id).orElseThrow(() -> ApiException.notFound("api_key", id));
    ApiKeyRecord revoked = key.revoked() ? key : accounts.revoke(key);
    Map<String, Object> m = renderKey(revoked);
    m.put("deleted", true);
    return ApiResponse.ok(m);
  }

  Map<String, Object> render(Account a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", a.id());
    m.put("object", "account");
    m.put("agent_id", a.agentId());
    m.put("contact", a.contact());
    m.put("mode", a.mode());
    m.put("balance_usd", Meter.usd(a.balanceMicros()));
    m.put("balance_own", Meter.usd(a.balanceOwnMicros()));
    m.put("requested_top_up_usd", Meter.usd(a.requestedTopUpMicros()));
    m.put("top_up_url", meter.topUpUrl(a.id()));
    m.put("limits", limits(a.limits()));
    Map<String, Object> usage = new LinkedHashMap<>();
    usage.put("writes", a.writes());
    usage.put("optimizations", a.optimizations());
    usage.put("spent_usd", Meter.usd(a.spentMicros()));
    usage.put("own_minted", Meter.usd(a.ownMintedMicros()));
    m.put("usage", usage);
    Map<String, Object> prices = new LinkedHashMap<>();
    prices.put("write_usd", a.sandbox() ? BigDecimal.ZERO : config.writePriceUsd());
    prices.put("optimize_usd", a.sandbox() ? BigDecimal.ZERO : config.optimizePriceUsd());
    m.put("prices", prices);
    m.put("optimize_defaults", a.optimizeDefaults());
    m.put("created_at", a.createdAt());
    return m;
  }

  static Map<String, Object> limits(BridgeConfig.Limits l) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("rpm", l.rpm());
    m.put("burst", l.burst());
    m.put("max_jobs_per_optimize", l.maxJobsPerOptimize());
    return m;
  }

  static Map<String, Object> renderKey(ApiKeyRecord k) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", k.id());
    m.put("object", "api_key");
    m.put("name", k.name());
    m.put("prefix", k.prefix());
    m.put("rpm", k.rpm());
    m.put("burst", k.burst());
    m.put("scopes", k.effectiveScopes().stream().map(Scope::wireName).toList());
    m.put("created_at", k.createdAt());
    m.put("expires_at", k.expiresAt());
    m.put("revoked_at", k.revokedAt());
    return m;
  }
}
