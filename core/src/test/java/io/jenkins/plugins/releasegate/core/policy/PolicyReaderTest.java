package io.jenkins.plugins.releasegate.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.releasegate.core.verdict.Severity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyReaderTest {

    private static final String DESIGN_EXAMPLE = """
            version: 1
            mode: enforce                      # enforce | audit
            artifacts:
              include: ["**/*.jar", "**/*.war", "**/*.zip", "**/*.tar.gz"]
              exclude: []
            signature:
              required: true
              formats: [cms, openpgp, raw, jar]
              trust:
                certificates: [trust/release-ca.pem]
                openpgpKeys: [trust/release.asc]
                publicKeys: [trust/cosign.pub]
              codeSigning: true
            sbom:
              required: true
              formats: [cyclonedx, spdx]
              binding: name
            scan:
              required: true
              formats: [sarif, trivy, grype, dependency-check]
              failOn: high
              maxAge: 7d
            exceptions:
              - id: EX-7
                artifact: "legacy-*.jar"
                waive: signature
                reason: Vendor jar, re-signed upstream from Q1
                owner: platform-security@example.com
                ticket: SEC-1234
                expires: 2027-01-31
            """;

    @TempDir
    Path folder;

    @Test
    void readsTheDesignExampleWithTrustPathsRelativeToThePolicyFile() throws Exception {
        Policy policy = PolicyReader.read(write("policy.yaml", DESIGN_EXAMPLE));

        assertThat(policy.mode()).isEqualTo(Mode.ENFORCE);
        assertThat(policy.signature().trust().certificates())
                .containsExactly(
                        TrustAnchor.file(folder.resolve("trust/release-ca.pem").toAbsolutePath()));
        assertThat(policy.signature().formats()).containsExactlyInAnyOrder(SignatureFormat.values());
        assertThat(policy.scan().formats()).contains(ScanFormat.DEPENDENCY_CHECK);
        assertThat(policy.scan().maxAge()).contains(Duration.ofDays(7));
        assertThat(policy.scan().failOn()).isEqualTo(Severity.HIGH);
        PolicyExceptionRule exception = policy.exceptions().get(0);
        assertThat(exception.id()).isEqualTo("EX-7");
        assertThat(exception.expires()).isEqualTo(LocalDate.of(2027, 1, 31));
        assertThat(exception.waivedCheck())
                .hasValueSatisfying(check -> assertThat(check.id()).isEqualTo("signature"));
        assertThat(exception.ticket()).isEqualTo("SEC-1234");
    }

    @Test
    void anEmptyFileIsTheDefaultPolicy() throws Exception {
        Policy policy = PolicyReader.read(write("empty.yaml", ""));

        assertThat(policy).isEqualTo(Policy.defaults());
    }

    @Test
    void appliesADefaultToEveryKeyLeftOut() throws Exception {
        Policy policy = PolicyReader.read(write("partial.yaml", "mode: audit\nscan:\n  failOn: critical\n"));

        assertThat(policy.audit()).isTrue();
        assertThat(policy.scan().failOn()).isEqualTo(Severity.CRITICAL);
        assertThat(policy.scan().required()).isTrue();
        assertThat(policy.scan().maxAge()).isEmpty();
        assertThat(policy.signature()).isEqualTo(SignaturePolicy.defaults());
        assertThat(policy.artifacts()).isEqualTo(ArtifactPatterns.defaults());
    }

    @Test
    void readsTheSamePolicyFromJson() throws Exception {
        Policy policy = PolicyReader.read(write("policy.json", """
                {"version": 1, "mode": "audit", "sbom": {"binding": "digest"},
                 "scan": {"failOn": "medium", "maxAge": "12h"}}
                """));

        assertThat(policy.audit()).isTrue();
        assertThat(policy.sbom().binding()).isEqualTo(Binding.DIGEST);
        assertThat(policy.scan().maxAge()).contains(Duration.ofHours(12));
    }

    @Test
    void readsRequiredScanKindsAndTheKindsOfUnknownTools() throws Exception {
        Policy policy = PolicyReader.read(write("policy.yaml", """
                scan:
                  requiredKinds: [sca, secrets]
                  toolKinds:
                    "In-house Scanner": sast
                """));

        assertThat(policy.scan().requiredKinds()).containsExactlyInAnyOrder(ScanKind.SCA, ScanKind.SECRETS);
        assertThat(policy.scan().toolKinds()).containsEntry("In-house Scanner", ScanKind.SAST);
    }

    @Test
    void rejectsAnUnknownScanKind() throws IOException {
        Path file = write("policy.yaml", "scan:\n  toolKinds:\n    Acme: dast\n");

        assertThatThrownBy(() -> PolicyReader.read(file))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessageContaining(
                        "line 3: scan.toolKinds.Acme must be one of sca, sast, secrets, container, not \"dast\"");
    }

    @Test
    void namesAnUnknownKeyWithItsLine() throws IOException {
        Path file = write("policy.yaml", "version: 1\nsignature:\n  required: true\n  trusted: []\n");

        assertThatThrownBy(() -> PolicyReader.read(file))
                .isInstanceOfSatisfying(
                        InvalidPolicyException.class,
                        e -> assertThat(e.problems()).singleElement().satisfies(problem -> {
                            assertThat(problem.key()).isEqualTo("signature.trusted");
                            assertThat(problem.line()).isEqualTo(4);
                            assertThat(problem.message()).contains("required, formats, trust, codeSigning");
                        }));
    }

    @Test
    void reportsEveryBadValueAtOnceWithItsKeyAndLine() throws IOException {
        Path file = write("policy.yaml", """
                version: 2
                mode: relaxed
                sbom:
                  binding: hash
                scan:
                  failOn: severe
                  maxAge: a week
                  required: maybe
                """);

        assertThatThrownBy(() -> PolicyReader.read(file))
                .isInstanceOfSatisfying(
                        InvalidPolicyException.class,
                        e -> assertThat(e.problems())
                                .extracting(PolicyProblem::key, PolicyProblem::line)
                                .containsExactly(
                                        org.assertj.core.groups.Tuple.tuple("version", 1),
                                        org.assertj.core.groups.Tuple.tuple("mode", 2),
                                        org.assertj.core.groups.Tuple.tuple("sbom.binding", 4),
                                        org.assertj.core.groups.Tuple.tuple("scan.required", 8),
                                        org.assertj.core.groups.Tuple.tuple("scan.failOn", 6),
                                        org.assertj.core.groups.Tuple.tuple("scan.maxAge", 7)));
    }

    @Test
    void listsTheAllowedValuesWhenAWordIsWrong() throws IOException {
        Path file = write("policy.yaml", "signature:\n  formats: [cms, x509]\n");

        assertThatThrownBy(() -> PolicyReader.read(file))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessageContaining("signature.formats must be one of cms, openpgp, raw, jar, not \"x509\"");
    }

    @Test
    void rejectsAnExceptionWithoutItsRequiredFields() throws IOException {
        Path file = write("policy.yaml", """
                exceptions:
                  - id: EX-1
                    waive: scan
                    reason: ""
                    ticket: SEC-1
                """);

        assertThatThrownBy(() -> PolicyReader.read(file))
                .isInstanceOfSatisfying(
                        InvalidPolicyException.class,
                        e -> assertThat(e.problems())
                                .extracting(PolicyProblem::key)
                                .containsExactlyInAnyOrder(
                                        "exceptions[0].reason", "exceptions[0].owner", "exceptions[0].expires"));
    }

    @Test
    void rejectsAnExceptionThatWaivesSomethingUnknown() throws IOException {
        Path file = write("policy.yaml", exception("EX-1", "everything", "2027-01-31"));

        assertThatThrownBy(() -> PolicyReader.read(file))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessageContaining("exceptions[0].waive must be signature, sbom, scan or finding:");
    }

    @Test
    void acceptsAnExceptionForOneFinding() throws Exception {
        Policy policy =
                PolicyReader.read(write("policy.yaml", exception("EX-2", "finding:CVE-2021-44228", "2027-01-31")));

        assertThat(policy.exceptions().get(0).waivedFinding()).contains("CVE-2021-44228");
        assertThat(policy.exceptions().get(0).waivedCheck()).isEmpty();
        assertThat(policy.exceptions().get(0).artifact()).isEqualTo("**");
    }

    @Test
    void rejectsAnExpiryThatIsNotADate() throws IOException {
        Path file = write("policy.yaml", exception("EX-1", "scan", "end of Q1"));

        assertThatThrownBy(() -> PolicyReader.read(file))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessageContaining("exceptions[0].expires must be a date like 2027-01-31, not \"end of Q1\"");
    }

    @Test
    void rejectsTwoExceptionsWithOneId() throws IOException {
        Path file = write(
                "policy.yaml",
                exception("EX-1", "scan", "2027-01-31")
                        + exception("EX-1", "sbom", "2027-01-31").substring(12));

        assertThatThrownBy(() -> PolicyReader.read(file))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessageContaining("repeats the id EX-1");
    }

    @Test
    void rejectsAKeyGivenTwice() throws IOException {
        Path file = write("policy.yaml", "mode: audit\nmode: enforce\n");

        assertThatThrownBy(() -> PolicyReader.read(file))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessageContaining("line 2: mode is given twice (also on line 1)");
    }

    @Test
    void rejectsARequiredCheckWithNoFormatLeft() throws IOException {
        Path file = write("policy.yaml", "sbom:\n  formats: []\n");

        assertThatThrownBy(() -> PolicyReader.read(file))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessageContaining("sbom.formats is empty while sbom is required");
    }

    @Test
    void rejectsEvidencePatternsThatLeaveTheArtifactFolderOrNameNoArtifact() throws IOException {
        Path file = write("policy.yaml", "signature:\n  evidence: [\"../{artifact}.p7s\", \"sigs/all.p7s\"]\n");

        assertThatThrownBy(() -> PolicyReader.read(file))
                .isInstanceOfSatisfying(
                        InvalidPolicyException.class,
                        e -> assertThat(e.problems())
                                .extracting(PolicyProblem::message)
                                .anySatisfy(message -> assertThat(message).contains("relative to the folder"))
                                .anySatisfy(message -> assertThat(message).contains("must contain {artifact}")));
    }

    @Test
    void reportsASyntaxErrorWithItsLine() throws IOException {
        Path file = write("policy.yaml", "mode: audit\nscan: [unclosed\n");

        assertThatThrownBy(() -> PolicyReader.read(file))
                .isInstanceOfSatisfying(
                        InvalidPolicyException.class,
                        e -> assertThat(e.problems()).singleElement().satisfies(problem -> {
                            assertThat(problem.key()).isEqualTo("(syntax)");
                            assertThat(problem.line()).isGreaterThanOrEqualTo(2);
                        }));
    }

    @Test
    void namesAMissingPolicyFile() {
        assertThatThrownBy(() -> PolicyReader.read(folder.resolve("absent.yaml")))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessageContaining("absent.yaml")
                .hasMessageContaining("does not exist");
    }

    @Test
    void refusesDeeplyNestedDocumentsWithoutCrashing() throws IOException {
        Path file = write("deep.json", "[".repeat(10_000) + "]".repeat(10_000));

        assertThatThrownBy(() -> PolicyReader.read(file)).isInstanceOf(InvalidPolicyException.class);
    }

    @Test
    void writesTheEffectivePolicyBackAsAPolicyThatReadsTheSame() throws Exception {
        Policy policy = PolicyReader.read(write("policy.yaml", DESIGN_EXAMPLE));

        String yaml = PolicyWriter.toYaml(policy);
        Policy again = PolicyReader.read("effective", yaml.getBytes(StandardCharsets.UTF_8), false, folder);

        assertThat(again).isEqualTo(policy);
        assertThat(yaml).contains("failOn: high", "maxAge: 7d", "id: EX-7");
    }

    @Test
    void theDigestFollowsTheTrustAnchorsContentNotTheirLocation() throws Exception {
        Files.createDirectories(folder.resolve("a"));
        Files.createDirectories(folder.resolve("b"));
        String text = "signature:\n  trust:\n    certificates: [ca.pem]\n";
        Files.writeString(folder.resolve("a/ca.pem"), "first");
        Files.writeString(folder.resolve("b/ca.pem"), "first");
        Path a = Files.writeString(folder.resolve("a/policy.yaml"), text);
        Path b = Files.writeString(folder.resolve("b/policy.yaml"), text);

        String digestA = PolicyWriter.sha256(PolicyReader.read(a));
        assertThat(PolicyWriter.sha256(PolicyReader.read(b))).isEqualTo(digestA);

        Files.writeString(folder.resolve("b/ca.pem"), "second");
        assertThat(PolicyWriter.sha256(PolicyReader.read(b))).isNotEqualTo(digestA);
    }

    @Test
    void readsWhichSignersMustBeTrusted() throws Exception {
        assertThat(PolicyReader.read(write("default.yaml", "version: 1\n"))
                        .signature()
                        .signers())
                .isEqualTo(Signers.ALL);
        Policy any = PolicyReader.read(write("any.yaml", "signature:\n  signers: any\n"));

        assertThat(any.signature().signers()).isEqualTo(Signers.ANY);
        assertThat(PolicyWriter.toYaml(any)).contains("signers: any");
        assertThatThrownBy(() -> PolicyReader.read(write("some.yaml", "signature:\n  signers: some\n")))
                .isInstanceOfSatisfying(
                        InvalidPolicyException.class,
                        e -> assertThat(e.problems()).singleElement().satisfies(problem -> {
                            assertThat(problem.key()).isEqualTo("signature.signers");
                            assertThat(problem.line()).isEqualTo(2);
                            assertThat(problem.message()).isEqualTo("must be one of all, any, not \"some\"");
                        }));
    }

    @Test
    void theDigestOfAPolicyThatKeepsEverySignerTrustedIsTheOneItHadBeforeTheKeyExisted() throws Exception {
        // The default policy's digest as the release before signature.signers computed it.
        String before = "0f97aacd961a9d8417d4ea0a45d3c11ef5293e91ee2478d26787ef51a89eb727";

        assertThat(PolicyWriter.sha256(Policy.defaults())).isEqualTo(before);
        assertThat(PolicyWriter.sha256(PolicyReader.read(write("all.yaml", "signature:\n  signers: all\n"))))
                .isEqualTo(before);
        assertThat(PolicyWriter.sha256(PolicyReader.read(write("any.yaml", "signature:\n  signers: any\n"))))
                .isNotEqualTo(before);
    }

    @Test
    void theDigestNamesHowArtifactsAreJudgedNotWhichFilesAreGated() throws Exception {
        String jars =
                PolicyWriter.sha256(PolicyReader.read(write("a.yaml", "artifacts:\n  include: [\"**/*.jar\"]\n")));
        String wars =
                PolicyWriter.sha256(PolicyReader.read(write("b.yaml", "artifacts:\n  include: [\"**/*.war\"]\n")));
        String stricter = PolicyWriter.sha256(PolicyReader.read(write("c.yaml", "scan:\n  failOn: medium\n")));

        assertThat(wars).isEqualTo(jars);
        assertThat(stricter).isNotEqualTo(jars);
    }

    private static String exception(String id, String waive, String expires) {
        return String.join(
                "\n",
                List.of(
                        "exceptions:",
                        "  - id: " + id,
                        "    waive: " + waive,
                        "    reason: Accepted risk",
                        "    owner: security@example.com",
                        "    expires: " + expires,
                        ""));
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(folder.resolve(name), content);
    }
}
