package io.jenkins.plugins.releasegate.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.AbortException;
import io.jenkins.plugins.releasegate.ExampleRelease;
import io.jenkins.plugins.releasegate.core.policy.Policy;
import io.jenkins.plugins.releasegate.core.report.JsonReportReader;
import io.jenkins.plugins.releasegate.core.verdict.ArtifactReport;
import io.jenkins.plugins.releasegate.core.verdict.Check;
import io.jenkins.plugins.releasegate.core.verdict.Code;
import io.jenkins.plugins.releasegate.core.verdict.GateReport;
import io.jenkins.plugins.releasegate.core.verdict.Status;
import io.jenkins.plugins.releasegate.core.verdict.Verdict;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the callable the step sends to the agent directly against a real workspace: the repository's example release,
 * signed by the example CA, with its SBOMs and scans.
 */
class GateCallableTest {

    @TempDir
    Path workspace;

    private String examplePolicy;

    @BeforeEach
    void copyTheExampleReleaseIntoTheWorkspace() throws IOException {
        ExampleRelease.copyInto(workspace);
        examplePolicy = ExampleRelease.policy();
    }

    @Test
    void gatesTheMatchedArtifactsInTheWorkspaceAndReturnsTheJsonReport() throws Exception {
        GateReport report = run(new GateCallable("release/*.jar", null, examplePolicy));

        assertThat(report.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(report.artifacts())
                .extracting(ArtifactReport::path, ArtifactReport::verdict)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("release/app-1.0.jar", Verdict.PASS),
                        org.assertj.core.groups.Tuple.tuple("release/report-tool-1.0.jar", Verdict.FAIL));
        assertThat(report.artifacts().get(1).checks())
                .extracting(result -> result.code())
                .containsExactly(Code.SIGNATURE_VALID, Code.SBOM_DIGEST_MISMATCH, Code.SCAN_FINDINGS_OVER_THRESHOLD);
    }

    @Test
    void acceptsSeveralPatternsSeparatedByCommas() throws Exception {
        GateReport report = run(new GateCallable(" release/app-*.jar ,release/report-*.jar,", null, examplePolicy));

        assertThat(report.artifacts())
                .extracting(ArtifactReport::path)
                .containsExactly("release/app-1.0.jar", "release/report-tool-1.0.jar");
    }

    @Test
    void appliesThePolicysExclusionsToTheStepsPatterns() throws Exception {
        String excluding = examplePolicy.replace(
                "  include: [\"**/*.jar\"]", "  include: [\"**/*.jar\"]\n  exclude: [\"**/report-*.jar\"]");

        GateReport report = run(new GateCallable("release/*.jar", null, excluding));

        assertThat(report.artifacts()).extracting(ArtifactReport::path).containsExactly("release/app-1.0.jar");
        assertThat(report.verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void failsTheGateWhenThePatternMatchesNoArtifact() throws Exception {
        GateReport report = run(new GateCallable("dist/*.jar", null, examplePolicy));

        assertThat(report.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(report.artifacts()).isEmpty();
        assertThat(report.notes()).singleElement().asString().contains("nothing was gated and the gate fails");
    }

    @Test
    void appliesAPipelinePolicyThatTightensTheGlobalPolicy() throws Exception {
        write("release-policy.yaml", examplePolicy.replace("failOn: high", "failOn: low"));

        GateReport report = run(new GateCallable("release/app-1.0.jar", "release-policy.yaml", examplePolicy));

        assertThat(report.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(report.artifacts().get(0).checks())
                .filteredOn(result -> result.check() == Check.SCAN)
                .singleElement()
                .satisfies(scan -> {
                    assertThat(scan.status()).isEqualTo(Status.FAIL);
                    assertThat(scan.code()).isEqualTo(Code.SCAN_FINDINGS_OVER_THRESHOLD);
                });
    }

    @Test
    void refusesAPipelinePolicyThatLoosensTheGlobalPolicyAndNamesWhatItLoosened() throws IOException {
        write(
                "release-policy.yaml",
                examplePolicy.replace("mode: enforce", "mode: audit").replace("failOn: high", "failOn: critical"));

        assertThatThrownBy(() -> run(new GateCallable("release/*.jar", "release-policy.yaml", examplePolicy)))
                .isInstanceOf(AbortException.class)
                .hasMessage("release-policy.yaml tries to loosen the global policy, so the release gate fails: mode:"
                        + " the global policy enforces, the pipeline's policy only audits; scan.failOn: the global"
                        + " policy fails on high, the pipeline's policy on critical.");
    }

    @Test
    void underTheDefaultGlobalPolicyAPipelineMayNotGrantItsOwnExceptions() throws IOException {
        write("release-policy.yaml", examplePolicy);

        assertThatThrownBy(() -> run(
                        new GateCallable("release/*.jar", "release-policy.yaml", GlobalPolicy.yaml(Policy.defaults()))))
                .isInstanceOf(AbortException.class)
                .hasMessageContaining("exceptions: the global policy grants no exception EX-1, the pipeline's policy"
                        + " grants it, but only administrators grant exceptions");
    }

    @Test
    void failsWhenThePolicyFileIsMissing() {
        assertThatThrownBy(() -> run(new GateCallable("release/*.jar", "ci/policy.yaml", examplePolicy)))
                .isInstanceOf(AbortException.class)
                .hasMessage("The policy file ci/policy.yaml does not exist in the workspace, so the release gate"
                        + " fails.");
    }

    @Test
    void failsWhenThePolicyFileIsInvalidAndNamesTheKeyAndLine() throws IOException {
        write("release-policy.yaml", "version: 1\nscan:\n  failOn: severe\n");

        assertThatThrownBy(() -> run(new GateCallable("release/*.jar", "release-policy.yaml", examplePolicy)))
                .isInstanceOf(AbortException.class)
                .hasMessageStartingWith("release-policy.yaml is not a valid policy, so the release gate fails: line 3:"
                        + " scan.failOn");
    }

    @Test
    void failsWhenATrustAnchorOfThePipelinePolicyIsMissing() throws IOException {
        String withoutExceptions = examplePolicy.substring(0, examplePolicy.indexOf("exceptions:"));
        write("ci/policy.yaml", withoutExceptions.replace("trust/example-ca.pem", "trust/missing.pem"));

        assertThatThrownBy(() ->
                        run(new GateCallable("release/*.jar", "ci/policy.yaml", GlobalPolicy.yaml(Policy.defaults()))))
                .isInstanceOf(AbortException.class)
                .hasMessageStartingWith("ci/policy.yaml is not a valid policy, so the release gate fails:"
                        + " signature.trust.certificates ")
                .hasMessageEndingWith("missing.pem does not exist, so no signature can be trusted through it.");
    }

    @Test
    void failsWhenThePatternsAreOnlyCommas() {
        assertThatThrownBy(() -> run(new GateCallable(" , ", null, examplePolicy)))
                .isInstanceOf(AbortException.class)
                .hasMessage("The artifacts parameter \" , \" names no pattern, so the release gate has nothing to"
                        + " check and fails.");
    }

    @Test
    void reportsAnAuditingGlobalPolicyInTheReport() throws Exception {
        GateReport report =
                run(new GateCallable("release/*.jar", null, examplePolicy.replace("mode: enforce", "mode: audit")));

        assertThat(report.audit()).isTrue();
        assertThat(report.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(report.allowsRelease()).isTrue();
    }

    @Test
    void survivesJavaSerializationAsTheChannelToTheAgentUsesIt() throws Exception {
        GateCallable sent = new GateCallable("release/*.jar", null, examplePolicy);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(sent);
        }

        GateCallable received;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            received = (GateCallable) in.readObject();
        }

        assertThat(run(received).artifacts()).hasSize(2);
    }

    private GateReport run(GateCallable callable) throws IOException, InterruptedException {
        String json = callable.invoke(workspace.toFile(), null);
        return JsonReportReader.read("the test report", json);
    }

    private void write(String name, String content) throws IOException {
        Path file = workspace.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }
}
