package io.fleetstream.deploy;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Module dependencies point one way: schemas ← routing/connectors ← jobs/functions/bridge ← deploy.
 */
class ArchitectureTest {

  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.fleetstream");

  @Test
  void theContractDependsOnNothingOfOurs() {
    noClasses()
        .that()
        .resideInAPackage("io.fleetstream.schemas..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.fleetstream.routing..",
            "io.fleetstream.connectors..",
            "io.fleetstream.jobs..",
            "io.fleetstream.functions..",
            "io.fleetstream.bridge..",
            "io.fleetstream.deploy..",
            "io.fleetstream.broker..")
        .check(CLASSES);
  }

  @Test
  void routingAndConnectorsKnowOnlyTheContract() {
    noClasses()
        .that()
        .resideInAnyPackage("io.fleetstream.routing..", "io.fleetstream.connectors..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.fleetstream.jobs..",
            "io.fleetstream.functions..",
            "io.fleetstream.bridge..",
            "io.fleetstream.deploy..")
        .check(CLASSES);
    noClasses()
        .that()
        .resideInAPackage("io.fleetstream.routing..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.fleetstream.connectors..", "org.apache.flink..", "org.apache.kafka..")
        .check(CLASSES);
  }

  @Test
  void jobsFunctionsAndBridgeDoNotDependOnEachOtherOrOnDeploy() {
    slices()
        .matching("io.fleetstream.(jobs|functions|bridge)..")
        .should()
        .notDependOnEachOther()
        .check(CLASSES);
    noClasses()
        .that()
        .resideInAnyPackage(
            "io.fleetstream.jobs..", "io.fleetstream.functions..", "io.fleetstream.bridge..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.fleetstream.deploy..")
        .check(CLASSES);
  }

  @Test
  void theBridgeAndTheFunctionsNeverPullInFlinkJobs() {
    noClasses()
        .that()
        .resideInAnyPackage("io.fleetstream.bridge..", "io.fleetstream.functions..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.apache.flink.streaming..")
        .check(CLASSES);
  }

  @Test
  void internalPackagesStayInsideTheirModule() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.fleetstream.jobs..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.fleetstream.jobs.internal..")
        .check(CLASSES);
    noClasses()
        .that()
        .resideOutsideOfPackage("io.fleetstream.broker..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.fleetstream.broker.internal..")
        .check(CLASSES);
    noClasses()
        .that()
        .resideOutsideOfPackage("io.fleetstream.connectors..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.fleetstream.connectors.flink.internal..")
        .check(CLASSES);
  }
}
