package io.fleetstream.routing.solomon.peers;

import io.fleetstream.routing.solomon.PeerSolver;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Loads the benchmark-only OR-Tools peer. On a classpath that has OR-Tools (this module's tests, a
 * caller that added it) the peer is used as is. The launcher keeps OR-Tools and its native
 * libraries off its runtime classpath, in a {@code peers/} folder beside {@code lib/}, so nothing
 * the stack or the Flink job runs can pick up a benchmark's dependencies; the peer and OR-Tools get
 * a class loader of their own that sees the peers' jars first.
 */
public final class PeerLoader {

  /** Overrides where the peers' jars are (a directory of jars). */
  public static final String PEERS_DIR_PROPERTY = "fleetstream.peers.dir";

  private static final String PEER_CLASS = "io.fleetstream.routing.solomon.peers.OrToolsPeer";

  /**
   * Loaded from the peers' jars before the parent: OR-Tools, its protobuf, and the peer that links
   * them.
   */
  private static final List<String> OWN_FIRST =
      List.of("com.google.ortools.", "com.google.protobuf.", PEER_CLASS);

  private PeerLoader() {}

  /** The OR-Tools peer, or a clear error saying where OR-Tools was looked for. */
  public static PeerSolver orTools() {
    if (present("com.google.ortools.Loader", PeerLoader.class.getClassLoader())) {
      return new OrToolsPeer();
    }
    Path dir = peersDir();
    List<URL> jars = jars(dir);
    if (jars.isEmpty()) {
      throw new IllegalStateException(
          "--peers needs OR-Tools: no jars in "
              + dir
              + " (built by ./mvnw package into "
              + "deploy/target/peers) and none on the classpath");
    }
    ClassLoader loader =
        new OwnFirstLoader(jars.toArray(URL[]::new), PeerLoader.class.getClassLoader());
    try {
      return (PeerSolver) loader.loadClass(PEER_CLASS).getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new IllegalStateException("cannot load OR-Tools from " + dir + ": " + e, e);
    }
  }

  static Path peersDir() {
    String configured = System.getProperty(PEERS_DIR_PROPERTY);
    if (configured != null) {
      return Path.of(configured);
    }
    try {
      // This class's jar is in <deploy>/target/lib; the peers are in <deploy>/target/peers.
      Path here =
          Path.of(PeerLoader.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return here.getParent().resolveSibling("peers");
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<URL> jars(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(f -> f.toString().endsWith(".jar"))
          .sorted()
          .map(PeerLoader::url)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static URL url(Path p) {
    try {
      return p.toUri().toURL();
    } catch (MalformedURLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean present(String className, ClassLoader loader) {
    try {
      Class.forName(className, false, loader);
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** Child-first for {@link #OWN_FIRST}, parent-first for everything else (our model, the JDK). */
  static final class OwnFirstLoader extends URLClassLoader {

    static {
      registerAsParallelCapable();
    }

    OwnFirstLoader(URL[] urls, ClassLoader parent) {
      super(urls, parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (OWN_FIRST.stream().noneMatch(name::startsWith)) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> c = findLoadedClass(name);
        if (c == null) {
          c = name.startsWith(PEER_CLASS) ? defineFromParent(name) : findClass(name);
        }
        if (resolve) {
          resolveClass(c);
        }
        return c;
      }
    }

    /** The peer's own classes live in the routing jar, which the parent has: define them here. */
    private Class<?> defineFromParent(String name) throws ClassNotFoundException {
      String resource = name.replace('.', '/') + ".class";
      try (InputStream in = getParent().getResourceAsStream(resource)) {
        if (in == null) {
          throw new ClassNotFoundException(name);
        }
        byte[] bytes = in.readAllBytes();
        return defineClass(name, bytes, 0, bytes.length, PeerLoader.class.getProtectionDomain());
      } catch (IOException e) {
        throw new ClassNotFoundException(name, e);
      }
    }
  }
}
