package io.cnnstream.engine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import org.junit.jupiter.api.Test;

/** The engine's layering, checked on its compiled classes: dependencies point one way, measurement stays out of the hot path. */
class EngineArchitectureTest {
    private static final JavaClasses ENGINE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.cnnstream.engine");

    @Test
    void noPackageCycles() {
        slices().matching("io.cnnstream.engine.(*)..").should().beFreeOfCycles().check(ENGINE);
    }

    @Test
    void kernelsDependOnNothingAboveThem() {
        noClasses().that().resideInAPackage("io.cnnstream.engine.kernel..")
                .should().dependOnClassesThat().resideInAnyPackage("io.cnnstream.engine.layer..", "io.cnnstream.engine.graph..",
                        "io.cnnstream.engine.model..", "io.cnnstream.engine.weights..", "io.cnnstream.engine.image..",
                        "io.cnnstream.engine.api..", "io.cnnstream.engine.bench..", "io.cnnstream.engine.cli..",
                        "io.cnnstream.engine.json..")
                .check(ENGINE);
    }

    @Test
    void graphImportKnowsNothingOfWeightsFilesOrTheApi() {
        // weights binds ONNX exports through onnx, so onnx must not reach back
        noClasses().that().resideInAPackage("io.cnnstream.engine.onnx..")
                .should().dependOnClassesThat().resideInAnyPackage("io.cnnstream.engine.weights..",
                        "io.cnnstream.engine.api..", "io.cnnstream.engine.cli..", "io.cnnstream.engine.image..")
                .check(ENGINE);
    }

    @Test
    void onlyTheCommandLineMeasures() {
        noClasses().that().resideOutsideOfPackages("io.cnnstream.engine.bench..", "io.cnnstream.engine.cli..")
                .should().dependOnClassesThat().resideInAPackage("io.cnnstream.engine.bench..")
                .check(ENGINE);
    }

    @Test
    void nothingButTheCommandLineUsesTheApi() {
        noClasses().that().resideOutsideOfPackages("io.cnnstream.engine.api..", "io.cnnstream.engine.bench..",
                        "io.cnnstream.engine.cli..")
                .should().dependOnClassesThat().resideInAPackage("io.cnnstream.engine.api..")
                .check(ENGINE);
    }
}
