package dev.sluice.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Conventions of the design kept as tests. */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.sluice");

    @Test
    void profilesKnowNothingOfReactor() {
        noClasses().that().resideInAPackage("dev.sluice.profile..")
                .should().dependOnClassesThat().resideInAnyPackage("reactor..", "io.netty..", "io.reactivex..")
                .check(MAIN);
    }

    @Test
    void profilesDependOnNoOtherSluicePackage() {
        noClasses().that().resideInAPackage("dev.sluice.profile..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.sluice.cli..", "dev.sluice.pipeline..", "dev.sluice.run..", "dev.sluice.report..",
                        "dev.sluice.schedule..", "dev.sluice.metrics..")
                .check(MAIN);
    }

    @Test
    void onlyTheCliTalksToPicocli() {
        noClasses().that().resideOutsideOfPackage("dev.sluice.cli..")
                .should().dependOnClassesThat().resideInAPackage("picocli..")
                .check(MAIN);
    }

    @Test
    void reportsArePureAndDoNotRunPipelines() {
        noClasses().that().resideInAPackage("dev.sluice.report..")
                .should().dependOnClassesThat().resideInAnyPackage("reactor..", "dev.sluice.pipeline..", "dev.sluice.run..")
                .check(MAIN);
    }
}
