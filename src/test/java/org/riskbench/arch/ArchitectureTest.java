package org.riskbench.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The layering of DESIGN.md: arrows only point down ui.<screen>, ui.shell, cli, app, jobs, engine, store, core. */
@AnalyzeClasses(packages = "org.riskbench", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule belowTheUiNothingSeesJavaFx = noClasses()
            .that().resideInAnyPackage("org.riskbench.core..", "org.riskbench.store..", "org.riskbench.engine..",
                    "org.riskbench.jobs..", "org.riskbench.app..", "org.riskbench.cli..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..");

    @ArchTest
    static final ArchRule onlyTheStoreTouchesSql = noClasses()
            .that().resideOutsideOfPackage("org.riskbench.store..")
            .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "org.sqlite..");

    @ArchTest
    static final ArchRule theUiNeverUsesTheStore = noClasses()
            .that().resideInAnyPackage("org.riskbench.ui..")
            .should().dependOnClassesThat().resideInAnyPackage("org.riskbench.store..");

    @ArchTest
    static final ArchRule enginesKnowNothingOfJobsAppOrFrontEnds = noClasses()
            .that().resideInAnyPackage("org.riskbench.engine..")
            .should().dependOnClassesThat().resideInAnyPackage("org.riskbench.jobs..", "org.riskbench.app..",
                    "org.riskbench.cli..", "org.riskbench.ui..", "org.riskbench.store..")
            .allowEmptyShould(true);

    @ArchTest
    static final ArchRule coreDependsOnNothingAbove = noClasses()
            .that().resideInAnyPackage("org.riskbench.core..")
            .should().dependOnClassesThat().resideInAnyPackage("org.riskbench.store..", "org.riskbench.engine..",
                    "org.riskbench.jobs..", "org.riskbench.app..", "org.riskbench.cli..", "org.riskbench.ui..");

    @ArchTest
    static final ArchRule theStoreDependsOnlyOnCore = noClasses()
            .that().resideInAnyPackage("org.riskbench.store..")
            .should().dependOnClassesThat().resideInAnyPackage("org.riskbench.engine..", "org.riskbench.jobs..",
                    "org.riskbench.app..", "org.riskbench.cli..", "org.riskbench.ui..");

    @ArchTest
    static final ArchRule theShellDoesNotKnowTheScreens = noClasses()
            .that().resideInAnyPackage("org.riskbench.ui.shell..")
            .should().dependOnClassesThat().resideInAnyPackage("org.riskbench.ui.jobs..", "org.riskbench.ui.acceptance..",
                    "org.riskbench.ui.scenarios..", "org.riskbench.ui.calibration..", "org.riskbench.ui.inference..",
                    "org.riskbench.ui.models..", "org.riskbench.ui.runs..");

    @ArchTest
    static final ArchRule jobsDoNotReachUp = noClasses()
            .that().resideInAnyPackage("org.riskbench.jobs..")
            .should().dependOnClassesThat().resideInAnyPackage("org.riskbench.app..", "org.riskbench.cli..", "org.riskbench.ui..");
}
