package io.fleetstream.routing.solomon;

import java.io.IOException;
import java.nio.file.Path;

/** The benchmark file formats a directory of instances can hold. */
public enum InstanceFormat {
  /** Solomon and Gehring–Homberger VRPTW (the same format). */
  SOLOMON {
    @Override
    public BenchmarkInstance read(Path file) throws IOException {
      return SolomonReader.read(file);
    }
  },
  /** Li & Lim PDPTW. */
  LI_LIM {
    @Override
    public BenchmarkInstance read(Path file) throws IOException {
      return LiLimReader.read(file);
    }
  };

  public abstract BenchmarkInstance read(Path file) throws IOException;
}
