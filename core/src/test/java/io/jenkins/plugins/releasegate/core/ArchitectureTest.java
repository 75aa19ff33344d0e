package io.jenkins.plugins.releasegate.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Keeps the engine a library: no Jenkins types, no console output, no logging of its own. */
@AnalyzeClasses(packages = "io.jenkins.plugins.releasegate.core", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule engineIsFreeOfJenkins = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("hudson..", "jenkins..", "org.kohsuke.stapler..", "org.jenkinsci..")
            .because("the engine runs outside Jenkins too; the plugin wires Jenkins to it");

    @ArchTest
    static final ArchRule engineDoesNotPrint = noClasses()
            .should()
            .accessField(System.class, "out")
            .orShould()
            .accessField(System.class, "err")
            .orShould()
            .callMethod(Throwable.class, "printStackTrace")
            .because("the engine's messages travel in its results, and each front end shows them its own way");

    @ArchTest
    static final ArchRule engineDoesNotLog = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("java.util.logging..", "org.slf4j..", "org.apache.logging..")
            .because("the engine reports through its results, not through a log");

    @ArchTest
    static final ArchRule engineDoesNotExit = noClasses()
            .should()
            .callMethod(System.class, "exit", int.class)
            .because("only the command line decides the exit status");
}
