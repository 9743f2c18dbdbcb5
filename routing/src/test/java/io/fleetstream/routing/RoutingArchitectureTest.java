package io.fleetstream.routing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Third-party engines stay behind their package: jsprit, GraphHopper and OR-Tools never leak into
 * the API.
 */
class RoutingArchitectureTest {

  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.fleetstream.routing");

  @Test
  void jspritStaysInTheSolverInternals() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.fleetstream.routing.solver.internal..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("com.graphhopper.jsprit..")
        .check(CLASSES);
  }

  /** The geocoder's internals read the map with GraphHopper's OSM reader, like the road import. */
  @Test
  void graphHopperStaysInTheRoadPackage() {
    noClasses()
        .that()
        .resideOutsideOfPackages(
            "io.fleetstream.routing.road..",
            "io.fleetstream.routing.solver.internal..",
            "io.fleetstream.routing.geocode.internal..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("com.graphhopper..")
        .check(CLASSES);
    noClasses()
        .that()
        .resideInAPackage("io.fleetstream.routing.road..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("com.graphhopper.jsprit..")
        .check(CLASSES);
  }

  @Test
  void orToolsIsOnlyABenchmarkPeer() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.fleetstream.routing.solomon.peers..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("com.google.ortools..")
        .check(CLASSES);
  }

  @Test
  void theModelDependsOnNothingButTheJdk() {
    noClasses()
        .that()
        .resideInAPackage("io.fleetstream.routing.model..")
        .should()
        .dependOnClassesThat()
        .resideOutsideOfPackages("io.fleetstream.routing.model..", "java..")
        .check(CLASSES);
  }
}
