package io.jenkins.plugins.releasegate.cli;

import io.jenkins.plugins.releasegate.core.artifact.GateInputException;
import io.jenkins.plugins.releasegate.core.engine.GateFactory;
import io.jenkins.plugins.releasegate.core.hsm.HsmException;
import io.jenkins.plugins.releasegate.core.hsm.HsmKeys;
import io.jenkins.plugins.releasegate.core.hsm.HsmSigner;
import io.jenkins.plugins.releasegate.core.hsm.Pkcs11Module;
import io.jenkins.plugins.releasegate.core.hsm.Pkcs11Uri;
import io.jenkins.plugins.releasegate.core.hsm.RsaPadding;
import io.jenkins.plugins.releasegate.core.hsm.SigningOutcome;
import io.jenkins.plugins.releasegate.core.policy.InvalidPolicyException;
import io.jenkins.plugins.releasegate.core.policy.PolicyReader;
import io.jenkins.plugins.releasegate.core.report.TextReportWriter;
import io.jenkins.plugins.releasegate.core.verdict.ArtifactReport;
import io.jenkins.plugins.releasegate.core.verdict.Check;
import io.jenkins.plugins.releasegate.core.verdict.GateReport;
import io.jenkins.plugins.releasegate.core.verdict.Verdict;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code release-gate sign}: signs files through a PKCS#11 key, writing {@code FILE.p7s} beside each. */
@Command(
        name = "sign",
        mixinStandardHelpOptions = true,
        description = {
            "Signs each file through a key that never leaves the HSM, writing a detached CMS signature FILE.p7s"
                    + " beside it. The file is hashed here; only the signed attributes go to the token.",
            "The PIN comes from an environment variable or a file, never from an argument."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  RELEASE_PIN=... release-gate sign --key 'pkcs11:token=release;object=signing' \\",
            "      --module /usr/lib/softhsm/libsofthsm2.so --pin-env RELEASE_PIN dist/app.jar",
            "  release-gate sign --key 'pkcs11:token=release;object=signing' --pin-file /run/secrets/pin \\",
            "      --gate policy.yaml dist/*.jar",
            "",
            "Exit status: 0 every file signed, 1 some file not signed, 2 bad usage, 3 internal error."
        })
final class SignCommand implements Callable<Integer> {

    @Option(
            names = "--key",
            required = true,
            paramLabel = "PKCS11-URI",
            description = "The key, e.g." + " pkcs11:token=release;object=signing (also id=%%01%%02 and slot-id=).")
    String key;

    @Option(
            names = "--module",
            paramLabel = "LIB",
            description = "The PKCS#11 module (a .so/.dll/.dylib);" + " else the URI's module-path.")
    Path module;

    @CommandLine.ArgGroup(multiplicity = "1")
    PinOptions pin;

    @Option(
            names = "--chain",
            paramLabel = "FILE",
            description = "PEM certificates to add to each signature after"
                    + " those the token holds: intermediates that are not on the token.")
    Path chain;

    @Option(names = "--pss", description = "With an RSA key, sign with RSASSA-PSS instead of PKCS#1 v1.5.")
    boolean pss;

    @Option(
            names = "--gate",
            paramLabel = "POLICY",
            description = "Sign only the files whose SBOM and scan checks"
                    + " pass under this policy, so that nothing is signed that would fail the release.")
    Path gatePolicy;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "The files to sign.")
    List<Path> files;

    @CommandLine.Mixin
    DebugOption debug;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws HsmException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Pkcs11Uri uri = HsmCommand.uri(key);
        Path library = Pkcs11Module.choosePath(Optional.ofNullable(module), uri);
        List<X509Certificate> extra = chain == null ? List.of() : HsmKeys.readCertificates(chain);

        List<Path> toSign = new ArrayList<>(files);
        List<String> refused = new ArrayList<>();
        Map<Path, String> gatedSha256 = new HashMap<>();
        if (gatePolicy != null) {
            toSign = gated(refused, gatedSha256);
        }

        List<SigningOutcome> outcomes = List.of();
        if (!toSign.isEmpty()) {
            try (HsmSigner signer =
                    HsmSigner.open(library, uri, pin.read(), extra, pss ? RsaPadding.PSS : RsaPadding.PKCS1_V1_5)) {
                // What the gate passed is what gets signed: a file changed since is refused.
                outcomes = signer.signAll(toSign, gatedSha256, outcome -> out.println(describe(outcome)));
            }
        }
        refused.forEach(out::println);
        long signed = outcomes.stream().filter(SigningOutcome::succeeded).count();
        int notSigned = files.size() - (int) signed;
        out.println(
                notSigned == 0
                        ? "Signed " + signed + (signed == 1 ? " file." : " files.")
                        : "Signed " + signed + " of " + files.size() + " files; " + notSigned + " not signed.");
        out.flush();
        err.flush();
        return notSigned == 0 ? ReleaseGateCommand.PASSED : ReleaseGateCommand.GATE_FAILED;
    }

    /** Gates the files on their SBOM and scan checks and returns those that passed; the others are refused. */
    private List<Path> gated(List<String> refused, Map<Path, String> gatedSha256) {
        GateReport report;
        try {
            report = GateFactory.create(PolicyReader.read(gatePolicy), Clock.systemUTC())
                    .verify(
                            files.stream().map(Path::toString).toList(),
                            Path.of("").toAbsolutePath(),
                            Set.of(Check.SBOM, Check.SCAN));
        } catch (InvalidPolicyException e) {
            PolicyCommand.printProblems(e, spec.commandLine().getErr());
            throw new UsageFailure(gatePolicy + " cannot be used for --gate.");
        } catch (GateInputException e) {
            throw new UsageFailure(e.getMessage());
        }
        List<Path> passed = new ArrayList<>();
        for (int i = 0; i < report.artifacts().size(); i++) {
            ArtifactReport artifact = report.artifacts().get(i);
            if (artifact.verdict() == Verdict.PASS) {
                passed.add(Path.of(artifact.path()));
                gatedSha256.put(Path.of(artifact.path()), artifact.sha256());
            } else {
                refused.add("not signed  " + artifact.path() + ": it fails its SBOM or scan check ("
                        + TextReportWriter.summary(new GateReport(
                                Verdict.FAIL,
                                false,
                                report.policySha256(),
                                report.time(),
                                List.of(artifact),
                                List.of()))
                        + ")");
            }
        }
        return passed;
    }

    private static String describe(SigningOutcome outcome) {
        return outcome.succeeded()
                ? "signed      " + outcome.file() + " -> " + outcome.signature().orElseThrow()
                : "not signed  " + outcome.file() + ": " + outcome.failure().orElseThrow();
    }
}
