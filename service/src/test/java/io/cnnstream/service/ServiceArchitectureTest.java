package io.cnnstream.service;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import org.junit.jupiter.api.Test;

/** The service sees the engine only through {@code io.cnnstream.engine.api}, and its own packages form no cycle. */
class ServiceArchitectureTest {
    private static final JavaClasses SERVICE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.cnnstream.service");

    @Test
    void usesOnlyTheEnginesApi() {
        noClasses().should().dependOnClassesThat(
                        com.tngtech.archunit.base.DescribedPredicate.describe("are in the engine outside io.cnnstream.engine.api",
                                c -> c.getPackageName().startsWith("io.cnnstream.engine")
                                        && !c.getPackageName().equals("io.cnnstream.engine.api")))
                .check(SERVICE);
    }

    @Test
    void noPackageCycles() {
        slices().matching("io.cnnstream.service.(*)..").should().beFreeOfCycles().check(SERVICE);
    }
}
