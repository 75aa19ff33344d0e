package io.jenkins.plugins.releasegate;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.jenkins.plugins.releasegate.core.engine.Gate;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceVerifier;

/**
 * Keeps the plugin thin: it wires Jenkins to the engine and shows the engine's results, and every decision stays in
 * the engine, where the command line makes the same one.
 */
@AnalyzeClasses(packages = "io.jenkins.plugins.releasegate", importOptions = ImportOption.DoNotIncludeTests.class)
class PluginArchitectureTest {

    private static final String PLUGIN_PACKAGES = "io.jenkins.plugins.releasegate.(steps|actions|config|coverage)..";

    @ArchTest
    static final ArchRule pluginUsesNoCryptoOrJsonLibraryDirectly = noClasses()
            .that()
            .resideInAnyPackage(PLUGIN_PACKAGES)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.bouncycastle..", "com.fasterxml.jackson..", "org.cyclonedx..")
            .because("signatures, SBOMs and reports are read and written by the engine");

    @ArchTest
    static final ArchRule pluginDoesNotUseTheVerifiers = noClasses()
            .that()
            .resideInAnyPackage(PLUGIN_PACKAGES)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "io.jenkins.plugins.releasegate.core.signature..",
                    "io.jenkins.plugins.releasegate.core.sbom..",
                    "io.jenkins.plugins.releasegate.core.scan..",
                    "io.jenkins.plugins.releasegate.core.evidence..")
            .because("the engine's GateFactory makes the verifiers, so the plugin and the command line check alike");

    @ArchTest
    static final ArchRule pluginConstructsNoVerifierAndNoGateItself = noClasses()
            .that()
            .resideInAnyPackage(PLUGIN_PACKAGES)
            .should()
            .callConstructorWhere(
                    com.tngtech.archunit.base.DescribedPredicate.describe("a verifier or a gate", call -> {
                        JavaClass owner = call.getTarget().getOwner();
                        return owner.isAssignableTo(EvidenceVerifier.class) || owner.isEquivalentTo(Gate.class);
                    }))
            .because("GateFactory configures every verifier from the policy");

    @ArchTest
    static final ArchRule pluginDoesNotPrintOutsideTheBuildConsole = noClasses()
            .that()
            .resideInAnyPackage(PLUGIN_PACKAGES)
            .should()
            .accessField(System.class, "out")
            .orShould()
            .accessField(System.class, "err")
            .orShould()
            .callMethod(Throwable.class, "printStackTrace")
            .because("what a gate run says belongs on its build's console and report page");

    @ArchTest
    static final ArchRule engineKnowsNothingOfThePlugin = noClasses()
            .that()
            .resideInAPackage("io.jenkins.plugins.releasegate.core..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(PLUGIN_PACKAGES)
            .because("the engine runs outside Jenkins too");
}
