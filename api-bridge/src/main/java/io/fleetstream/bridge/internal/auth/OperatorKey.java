package io.fleetstream.bridge.internal.auth;

import io.fleetstream.bridge.BridgeConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * The operator's {@code admin} key, kept in {@code <data.dir>/operator.key} (mode 600, readable by
 * the bridge's owner only). Made at the first start; a start that finds the file missing, or
 * holding a key the store does not know, makes a new one and revokes the old (deleting the file and
 * restarting is how an operator rotates it).
 */
public final class OperatorKey {

  /**
   * The operator's own account: it holds the admin key and is never a tenant anyone signs up as.
   */
  public static final String ACCOUNT_ID = "acct_operator";

  public static final String FILE_NAME = "operator.key";

  private OperatorKey() {}

  /** Returns the file holding a working admin key, making the key first when needed. */
  public static Path ensure(AccountStore accounts, Path dataDir, BridgeConfig.Limits limits) {
    Path file = dataDir.resolve(FILE_NAME);
    if (current(accounts, file).isPresent()) {
      return file;
    }
    String secret = accounts.rotateOperatorKey(ACCOUNT_ID, limits);
    write(file, secret);
    return file;
  }

  private static Optional<ApiKeyRecord> current(AccountStore accounts, Path file) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      String secret = Files.readString(file, StandardCharsets.US_ASCII).trim();
      return accounts.keyByHash(ApiKeys.hash(secret)).filter(k -> k.admin() && !k.revoked());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static void write(Path file, String secret) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
      Files.deleteIfExists(tmp);
      if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
        Files.createFile(
            tmp,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      }
      Files.writeString(
          tmp,
          secret + "\n",
          StandardCharsets.US_ASCII,
          StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING);
      Files.move(
          tmp,
          file,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the operator key to " + file, e);
    }
  }
}
