package io.goxhelix;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Keeps the pure core and the worker client free of framework imports, as the layout promises. */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.goxhelix");

    @Test
    void coreAndClientDependOnTheJdkOnly() {
        noClasses()
                .that()
                .resideInAnyPackage("io.goxhelix.allocation..", "io.goxhelix.coordination..", "io.goxhelix.client..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.quarkus..", "io.vertx..", "io.smallrye..", "jakarta..", "org.eclipse..", "com.fasterxml..")
                .allowEmptyShould(true)
                .check(MAIN);
    }

    @Test
    void theCoreDependsOnNothingOutsideIt() {
        noClasses()
                .that()
                .resideInAnyPackage("io.goxhelix.allocation..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.goxhelix.store..", "io.goxhelix.coordinator..", "io.goxhelix.api..", "io.goxhelix.client..")
                .allowEmptyShould(true)
                .check(MAIN);
    }
}
