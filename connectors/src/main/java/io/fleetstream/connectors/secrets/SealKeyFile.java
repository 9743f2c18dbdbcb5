package io.fleetstream.connectors.secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Where a single-machine stack keeps its sealing key: a file only its owner can read, created with
 * a fresh random key on first use and read by every process of the stack (the bridge seals, the
 * functions open). Several machines share a key through configuration instead.
 */
public final class SealKeyFile {

  /** The environment variable that supplies the key (base64, 32 bytes) instead of a file. */
  public static final String ENV = "FLEETSTREAM_WEBHOOK_SEAL_KEY";

  private SealKeyFile() {}

  /** The key from {@link #ENV} when set, else from {@code file}, created if missing. */
  public static SecretSeal load(Path file) {
    String fromEnv = System.getenv(ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return SecretSeal.fromBase64Key(fromEnv);
    }
    return SecretSeal.fromBase64Key(ensure(file));
  }

  /**
   * The key in an existing file (another installation's, or this one's named explicitly); never
   * creates one, since a key made up here would seal secrets nobody can open.
   *
   * @throws IllegalArgumentException naming the file when it is missing or holds no key
   */
  public static SecretSeal existing(Path file) {
    try {
      return SecretSeal.fromBase64Key(Files.readString(file, StandardCharsets.US_ASCII).trim());
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the sealing key file " + file + ": " + e, e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + " holds no sealing key: " + e.getMessage(), e);
    }
  }

  static String ensure(Path file) {
    try {
      if (Files.isRegularFile(file)) {
        return Files.readString(file, StandardCharsets.US_ASCII).trim();
      }
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".seal", ".tmp");
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException notPosix) {
        // Windows: the directory's ACL applies
      }
      Files.writeString(tmp, SecretSeal.newBase64Key() + "\n", StandardCharsets.US_ASCII);
      try {
        // Two processes starting at once: the first file wins, the second reads it.
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException raced) {
        Files.deleteIfExists(tmp);
      }
      return Files.readString(file, StandardCharsets.US_ASCII).trim();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the sealing key file " + file, e);
    }
  }
}
