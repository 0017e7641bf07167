package org.riskbench.arch;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.riskbench.engine.acceptance.AcceptanceProfile;
import org.riskbench.engine.acceptance.ParameterPath;
import org.riskbench.engine.acceptance.ProfileLoader;
import org.riskbench.engine.acceptance.ReplaySummary;
import org.riskbench.engine.acceptance.State;
import org.riskbench.engine.acceptance.Trace;
import org.riskbench.engine.calibration.Grid;
import org.riskbench.engine.calibration.HardConstraints;
import org.riskbench.engine.calibration.ObjectiveWeights;
import org.riskbench.engine.intake.ColumnProfile;
import org.riskbench.engine.intake.ColumnType;
import org.riskbench.engine.intake.InspectionReport;
import org.riskbench.engine.intake.IntakeOptions;
import org.riskbench.engine.intake.Problem;
import org.riskbench.engine.retraining.RetrainingConfig;
import org.riskbench.engine.scenario.ScenarioConfig;
import org.riskbench.engine.scenario.ScenarioMetrics;
import org.riskbench.server.ServerOptions;
import org.riskbench.server.Serving;

/**
 * The layering of ARCHITECTURE.md: front ends (ui; cli and server, one layer) over app, over jobs and the engines,
 * over store, over core; arrows only point down, and the slices under org.riskbench have no cycles.
 */
@AnalyzeClasses(packages = "org.riskbench", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /**
     * The engine types a screen may use directly: configs and results it shows or edits, and the parsers that check
     * what the user types (a profile, a grid) as they type it. Everything else goes through an app service.
     */
    static final Class<?>[] ENGINE_TYPES_THE_UI_MAY_USE = {
        AcceptanceProfile.class, ParameterPath.class, org.riskbench.engine.acceptance.ParamType.class, ProfileLoader.class, ReplaySummary.class, State.class, Trace.class,
        Grid.class, HardConstraints.class, ObjectiveWeights.class, org.riskbench.engine.calibration.ScoreHeatMap.class,
        ColumnProfile.class, ColumnType.class, InspectionReport.class, IntakeOptions.class, Problem.class,
        RetrainingConfig.class,
        ScenarioConfig.class, ScenarioMetrics.class,
        org.riskbench.engine.tabular.TabularEvaluation.class,
    };

    @ArchTest
    static final ArchRule layers = layeredArchitecture().consideringOnlyDependenciesInAnyPackage("org.riskbench..")
            .withOptionalLayers(true)
            .layer("Launcher").definedBy("org.riskbench")
            .layer("UI").definedBy("org.riskbench.ui..")
            .layer("CLI").definedBy("org.riskbench.cli..")
            .layer("Server").definedBy("org.riskbench.server..")
            .layer("App").definedBy("org.riskbench.app..")
            .layer("Jobs").definedBy("org.riskbench.jobs..")
            .layer("Engine").definedBy("org.riskbench.engine..")
            .layer("Store").definedBy("org.riskbench.store..")
            .layer("Core").definedBy("org.riskbench.core..")
            .whereLayer("UI").mayOnlyBeAccessedByLayers("Launcher")
            .whereLayer("CLI").mayOnlyBeAccessedByLayers("Launcher")
            .whereLayer("Server").mayOnlyBeAccessedByLayers("UI", "CLI", "Launcher")
            .whereLayer("App").mayOnlyBeAccessedByLayers("UI", "CLI", "Server")
            .whereLayer("Jobs").mayOnlyBeAccessedByLayers("UI", "CLI", "Server", "App")
            .whereLayer("Engine").mayOnlyBeAccessedByLayers("UI", "CLI", "Server", "App")
            .whereLayer("Store").mayOnlyBeAccessedByLayers("App", "Jobs")
            .whereLayer("Core").mayOnlyBeAccessedByLayers("UI", "CLI", "Server", "App", "Jobs", "Engine", "Store");

    @ArchTest
    static final ArchRule noCyclesBetweenSlices = slices().matching("org.riskbench.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule theUiUsesOnlyListedEngineTypes = noClasses()
            .that().resideInAPackage("org.riskbench.ui..")
            .should().dependOnClassesThat(resideInAPackage("org.riskbench.engine..")
                    .and(not(belongToAnyOf(ENGINE_TYPES_THE_UI_MAY_USE))));

    @ArchTest
    static final ArchRule theUiNeverUsesTheCli = noClasses()
            .that().resideInAPackage("org.riskbench.ui..")
            .should().dependOnClassesThat().resideInAnyPackage("org.riskbench.cli..");

    /** The GUI only starts and stops serving its workspace (File > Serve); it does not reach into the API's handlers. */
    @ArchTest
    static final ArchRule theUiOnlyStartsAndStopsTheServer = noClasses()
            .that().resideInAPackage("org.riskbench.ui..")
            .should().dependOnClassesThat(resideInAPackage("org.riskbench.server..")
                    .and(not(belongToAnyOf(Serving.class, ServerOptions.class))));

    @ArchTest
    static final ArchRule frontEndsNeverUseTheStore = noClasses()
            .that().resideInAnyPackage("org.riskbench.cli..", "org.riskbench.server..", "org.riskbench.ui..")
            .should().dependOnClassesThat().resideInAnyPackage("org.riskbench.store..");

    @ArchTest
    static final ArchRule belowTheUiNothingSeesJavaFx = noClasses()
            .that().resideInAnyPackage("org.riskbench.core..", "org.riskbench.store..", "org.riskbench.engine..",
                    "org.riskbench.jobs..", "org.riskbench.app..", "org.riskbench.cli..", "org.riskbench.server..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..");

    @ArchTest
    static final ArchRule onlyTheStoreTouchesSql = noClasses()
            .that().resideOutsideOfPackage("org.riskbench.store..")
            .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "org.sqlite..");

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
