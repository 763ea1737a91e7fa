package io.vestnik;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The package rules of docs/architecture.md, checked on the compiled main classes (decision 0040).
 * Each rule names what it forbids; a violation fails with the offending dependencies listed.
 */
class ArchitectureTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.vestnik");

    /** Engines: roles with interchangeable implementations, and the clients they share. */
    private static final String[] ENGINES = {
        "io.vestnik.store..", "io.vestnik.broker..", "io.vestnik.redis..", "io.vestnik.presence..",
        "io.vestnik.cache..", "io.vestnik.ratelimit..", "io.vestnik.blob..", "io.vestnik.search..",
        "io.vestnik.export..", "io.vestnik.webhook.."
    };
    /** Transports: what turns a socket or a request into calls on the domain. */
    private static final String[] TRANSPORTS = {
        "io.vestnik.gateway..", "io.vestnik.http..", "io.vestnik.events..", "io.vestnik.transport.."
    };

    @Test
    void noTwoPackagesDependOnEachOther() {
        slices().matching("io.vestnik.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void onlyMainDependsOnTheCompositionRoot() {
        noClasses().that().resideOutsideOfPackage("io.vestnik.node..")
                .and().doNotHaveFullyQualifiedName(Main.class.getName())
                .should().dependOnClassesThat().resideInAPackage("io.vestnik.node..")
                .check(MAIN);
    }

    @Test
    void enginesKnowNoTransport() {
        noClasses().that().resideInAnyPackage(ENGINES)
                .should().dependOnClassesThat().resideInAnyPackage(TRANSPORTS)
                .check(MAIN);
    }
}
