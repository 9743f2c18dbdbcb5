package io.fleetstream.bridge;

import java.util.List;

/**
 * The tables of an account's own records that {@code /api/v1/admin/accounts/{id}/records} reads and
 * writes, in that order: the account first, so a restore creates it before what it owns. A class of
 * its own, free of the bridge's dependencies, because the CLI checks a backup file against it
 * before a restore starts.
 */
public final class AccountRecords {

  public static final List<String> TABLES =
      List.of(
          "accounts",
          "api_key_ids",
          "scoring_weights",
          "learning_runs",
          "run_meta",
          "routing_problems",
          "idempotency");

  private AccountRecords() {}
}
