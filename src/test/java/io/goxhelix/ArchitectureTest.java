package io.goxhelix;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

/**
 * The layering of CONTRIBUTING.md, checked on the main classes. From the bottom: the names depend on
 * nothing; the allocation core on the names; the coordination decisions on both. The root package
 * ({@link GoxConfig}, {@link Instance}) is a layer of its own beside them: the service's configuration,
 * depending on no package of the project and read only by the three service layers above. Then the
 * store (with its embedded database below it, used by the store alone), the coordinator, and the
 * HTTP edge at the top. The worker client stands apart: it sees the names only, and its example sees
 * the client and the names.
 *
 * <p>Every rule is also run on the main classes plus the deliberate breaches under {@code src/test/java}
 * (classes named {@code Forbidden*}), to show that it catches them.
 */
class ArchitectureTest {

    private static final String[] PURE_AND_CLIENT = {
        "io.goxhelix.names..",
        "io.goxhelix.access..",
        "io.goxhelix.allocation..",
        "io.goxhelix.coordination..",
        "io.goxhelix.client.."
    };

    private static final String[] SQL_CLIENT = {
        "io.vertx.sqlclient..", "io.vertx.mutiny.sqlclient..", "io.vertx.mysqlclient..", "io.vertx.mutiny.mysqlclient.."
    };

    private static final String[] FRAMEWORKS = {
        "io.quarkus..",
        "io.vertx..",
        "io.smallrye..",
        "jakarta..",
        "org.eclipse.microprofile..",
        "com.fasterxml.jackson..",
        "org.jboss.logging.."
    };

    static final ArchRule LAYERS = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("Names")
            .definedBy("io.goxhelix.names..")
            .layer("Access")
            .definedBy("io.goxhelix.access..")
            .layer("Allocation")
            .definedBy("io.goxhelix.allocation..")
            .layer("Coordination")
            .definedBy("io.goxhelix.coordination..")
            .layer("Config")
            .definedBy("io.goxhelix")
            .layer("Store")
            .definedBy("io.goxhelix.store")
            .layer("EmbeddedStore")
            .definedBy("io.goxhelix.store.embedded..")
            .layer("Auth")
            .definedBy("io.goxhelix.auth..")
            .layer("Coordinator")
            .definedBy("io.goxhelix.coordinator..")
            .layer("Api")
            .definedBy("io.goxhelix.api..")
            .layer("Client")
            .definedBy("io.goxhelix.client", "io.goxhelix.client.internal..", "io.goxhelix.client.fencing..")
            .layer("ClientExample")
            .definedBy("io.goxhelix.client.example..")
            .whereLayer("Names")
            .mayNotAccessAnyLayer()
            .whereLayer("Access")
            .mayOnlyAccessLayers("Names")
            .whereLayer("Allocation")
            .mayOnlyAccessLayers("Names")
            .whereLayer("Coordination")
            .mayOnlyAccessLayers("Allocation", "Access", "Names")
            .whereLayer("Config")
            .mayNotAccessAnyLayer()
            .whereLayer("Store")
            .mayOnlyAccessLayers("EmbeddedStore", "Coordination", "Allocation", "Access", "Names", "Config")
            .whereLayer("EmbeddedStore")
            .mayNotAccessAnyLayer()
            .whereLayer("Auth")
            .mayOnlyAccessLayers("Store", "Access", "Names", "Config")
            .whereLayer("Coordinator")
            .mayOnlyAccessLayers("Store", "Coordination", "Allocation", "Names", "Config")
            .whereLayer("Api")
            .mayOnlyAccessLayers(
                    "Auth", "Coordinator", "Store", "Coordination", "Allocation", "Access", "Names", "Config")
            .whereLayer("Client")
            .mayOnlyAccessLayers("Names")
            // The names are part of what the client's API may take and give, so an application (and
            // the example) may name them too.
            .whereLayer("ClientExample")
            .mayOnlyAccessLayers("Client", "Names")
            // A new package must be given its place here before it can hold a class.
            .ensureAllClassesAreContainedInArchitecture();

    static final ArchRule SQL_ONLY_IN_THE_STORE = noClasses()
            .that()
            .resideOutsideOfPackage("io.goxhelix.store")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(SQL_CLIENT)
            .because("every SQL statement and every connection to the database belong to the store");

    static final ArchRule NO_FRAMEWORK_IN_THE_CORE_OR_THE_CLIENT = noClasses()
            .that()
            .resideInAnyPackage(PURE_AND_CLIENT)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(FRAMEWORKS)
            .because("the core is plain Java and the client needs nothing but the JDK");

    static final ArchRule JDK_ONLY_IN_THE_CORE_OR_THE_CLIENT = classes()
            .that()
            .resideInAnyPackage(PURE_AND_CLIENT)
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage("java..", "javax.net.ssl..", "javax.sql..", "io.goxhelix..", "org.jspecify..")
            .because("the core is plain Java and the client needs nothing but the JDK (its fencing kit"
                    + " the JDK's java.sql and javax.sql, with the application's driver; TLS the JDK's"
                    + " javax.net.ssl)"
                    + " (JSpecify's annotations are not needed at run time)");

    static final ArchRule NO_CYCLES =
            slices().matching("io.goxhelix.(*)..").should().beFreeOfCycles();

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.goxhelix");

    private static final JavaClasses MAIN_AND_BREACHES = new ClassFileImporter()
            .withImportOption(location ->
                    ImportOption.Predefined.DO_NOT_INCLUDE_TESTS.includes(location) || location.contains("/Forbidden"))
            .importPackages("io.goxhelix");

    @Test
    void eachLayerDependsOnlyOnTheLayersBelowIt() {
        LAYERS.check(MAIN);
    }

    @Test
    void onlyTheStoreTalksToTheDatabase() {
        SQL_ONLY_IN_THE_STORE.check(MAIN);
    }

    @Test
    void theCoreAndTheClientUseNoFramework() {
        NO_FRAMEWORK_IN_THE_CORE_OR_THE_CLIENT.check(MAIN);
    }

    @Test
    void theCoreAndTheClientDependOnTheJdkAlone() {
        JDK_ONLY_IN_THE_CORE_OR_THE_CLIENT.check(MAIN);
    }

    @Test
    void noPackagesDependOnEachOtherInACycle() {
        NO_CYCLES.check(MAIN);
    }

    @Test
    void theLayeringCatchesTheNamesReachingUpAndTheClientReachingIntoTheService() {
        assertCaught(LAYERS, "io.goxhelix.names.ForbiddenAllocationUse");
        assertCaught(LAYERS, "io.goxhelix.client.ForbiddenStoreUse");
    }

    @Test
    void theStoreRuleCatchesSqlOutsideTheStore() {
        assertCaught(SQL_ONLY_IN_THE_STORE, "io.goxhelix.api.ForbiddenSql");
    }

    @Test
    void theFrameworkRulesCatchAFrameworkInTheClient() {
        assertCaught(NO_FRAMEWORK_IN_THE_CORE_OR_THE_CLIENT, "io.goxhelix.client.ForbiddenFramework");
        assertCaught(JDK_ONLY_IN_THE_CORE_OR_THE_CLIENT, "io.goxhelix.client.ForbiddenFramework");
    }

    @Test
    void theCycleRuleCatchesTwoPackagesUsingEachOther() {
        assertCaught(NO_CYCLES, "io.goxhelix.allocation.ForbiddenCycle");
    }

    @Test
    void theBreachesAreNotPartOfTheMainClasses() {
        assertThat(MAIN.containPackage("io.goxhelix.names")).isTrue();
        // Breaches are top-level classes named Forbidden*; a nested type of that name (an outcome such
        // as Membership.Forbidden) is not one.
        assertThat(MAIN.stream().filter(ArchitectureTest::isBreach)).isEmpty();
        assertThat(MAIN_AND_BREACHES.stream().filter(ArchitectureTest::isBreach))
                .hasSize(5);
    }

    private static void assertCaught(ArchRule rule, String breach) {
        EvaluationResult result = rule.evaluate(MAIN_AND_BREACHES);
        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails()).anyMatch(detail -> detail.contains(breach));
        assertThatThrownBy(() -> rule.check(MAIN_AND_BREACHES)).isInstanceOf(AssertionError.class);
    }

    private static boolean isBreach(com.tngtech.archunit.core.domain.JavaClass c) {
        return c.isTopLevelClass() && c.getSimpleName().startsWith("Forbidden");
    }
}
