package io.jenkins.plugins.releasegate.cli;

import io.jenkins.plugins.releasegate.core.artifact.GateInputException;
import io.jenkins.plugins.releasegate.core.attest.AttestationWriter;
import io.jenkins.plugins.releasegate.core.attest.KeyFileSigner;
import io.jenkins.plugins.releasegate.core.attest.PayloadSigner;
import io.jenkins.plugins.releasegate.core.attest.PromotionVerdicts;
import io.jenkins.plugins.releasegate.core.coverage.ExceptionNotices;
import io.jenkins.plugins.releasegate.core.engine.Gate;
import io.jenkins.plugins.releasegate.core.engine.GateFactory;
import io.jenkins.plugins.releasegate.core.hsm.HsmException;
import io.jenkins.plugins.releasegate.core.hsm.HsmPayloadSigner;
import io.jenkins.plugins.releasegate.core.hsm.HsmSigner;
import io.jenkins.plugins.releasegate.core.hsm.Pkcs11Module;
import io.jenkins.plugins.releasegate.core.hsm.Pkcs11Uri;
import io.jenkins.plugins.releasegate.core.policy.InvalidPolicyException;
import io.jenkins.plugins.releasegate.core.policy.Policy;
import io.jenkins.plugins.releasegate.core.policy.PolicyReader;
import io.jenkins.plugins.releasegate.core.report.AtomicFiles;
import io.jenkins.plugins.releasegate.core.report.HtmlReportWriter;
import io.jenkins.plugins.releasegate.core.report.JsonReportWriter;
import io.jenkins.plugins.releasegate.core.report.JunitReportWriter;
import io.jenkins.plugins.releasegate.core.report.ReportFormat;
import io.jenkins.plugins.releasegate.core.report.TextReportWriter;
import io.jenkins.plugins.releasegate.core.verdict.GateReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code release-gate verify}: gates the artifacts given and reports the verdict. */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description = {
            "Gates artifacts: each must carry a valid signature, an SBOM that describes it and scan results that"
                    + " pass the policy.",
            "A folder stands for every file in it that the policy's artifact patterns include; evidence files"
                    + " (app.jar.p7s, app.jar.cdx.json, app.jar.sarif, ...) are never artifacts."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  release-gate verify --policy policy.yaml dist/",
            "  release-gate verify --policy policy.yaml --format junit --output gate.xml dist/app.jar",
            "  release-gate verify --policy policy.yaml --attest verdicts/ --attest-key"
                    + " 'pkcs11:token=release;object=verdicts' --pin-env RELEASE_PIN dist/",
            "  release-gate verify --policy policy.yaml --verdicts verdicts/ /srv/releases/",
            "",
            "Exit status: 0 passed (or audit mode), 1 the gate failed, 2 bad usage or invalid policy, 3 internal error."
        })
final class VerifyCommand implements Callable<Integer> {

    private static final String PKCS11_SCHEME = "pkcs11:";

    @Option(
            names = "--policy",
            paramLabel = "FILE",
            description = "The policy file (YAML or JSON). Without it the default policy applies: every check"
                    + " required, and no signer trusted.")
    Path policyFile;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            defaultValue = "text",
            description = "text, json, junit or html (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(
            names = "--output",
            paramLabel = "FILE",
            description = "Write the report to FILE instead of standard output; the verdict line is still printed.")
    Path output;

    @Option(
            names = "--attest",
            paramLabel = "DIR",
            description = "Also write, per artifact, its signed verdict (an in-toto verification summary in a DSSE"
                    + " envelope) to DIR, as ARTIFACT.vsa.dsse.json.")
    Path attestFolder;

    @Option(
            names = "--attest-key",
            paramLabel = "KEY",
            description = "What signs the verdicts of --attest: a PKCS#11 URI (pkcs11:token=...;object=...) of a key"
                    + " on an HSM, with --module and --pin-env or --pin-file; or, for local use, an unencrypted PEM"
                    + " private key file (EC or RSA).")
    String attestKey;

    @Option(
            names = "--module",
            paramLabel = "LIB",
            description = "The PKCS#11 module (a .so/.dll/.dylib) for a pkcs11: --attest-key; else the URI's"
                    + " module-path.")
    Path module;

    @CommandLine.ArgGroup(multiplicity = "0..1")
    PinOptions pin;

    @Option(
            names = "--verdicts",
            paramLabel = "DIR",
            description = "Accept signed verdicts from DIR (as --attest writes them) as evidence for promotion: a"
                    + " verdict counts when a key the policy trusts signed it, it names the artifact's SHA-256, it"
                    + " was made under this same policy and it PASSED. It stands in for evidence that is missing;"
                    + " evidence that is present is still checked.")
    Path verdictFolder;

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Artifacts, or folders of artifacts.")
    List<String> paths;

    @CommandLine.Mixin
    DebugOption debug;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException, HsmException {
        PrintWriter out = spec.commandLine().getOut();
        ReportFormat reportFormat = ReportFormat.byId(format)
                .orElseThrow(
                        () -> new UsageFailure("--format must be text, json, junit or html, not \"" + format + "\"."));

        if ((attestFolder == null) != (attestKey == null)) {
            throw new UsageFailure("--attest and --attest-key go together: name the folder for the signed verdicts and"
                    + " the key that signs them.");
        }
        boolean hsmKey = attestKey != null && attestKey.startsWith(PKCS11_SCHEME);
        if ((module != null || pin != null) && !hsmKey) {
            throw new UsageFailure("--module, --pin-env and --pin-file are for a pkcs11: --attest-key only.");
        }
        if (hsmKey && pin == null) {
            throw new UsageFailure(
                    "A pkcs11: --attest-key needs the token's PIN: give --pin-env NAME or --pin-file FILE.");
        }
        PayloadSigner keyFileSigner = attestKey == null || hsmKey ? null : loadKey(Path.of(attestKey));

        // The token is opened before the gate runs, so that a wrong PIN stops the run before it reports anything;
        // one login serves every verdict, and the PIN is cleared as soon as the token accepted it.
        try (HsmSigner hsm = hsmKey ? openToken(HsmCommand.uri(attestKey)) : null) {
            return gateAndReport(reportFormat, hsm == null ? keyFileSigner : new HsmPayloadSigner(hsm), out);
        }
    }

    private HsmSigner openToken(Pkcs11Uri uri) throws HsmException {
        Path library = Pkcs11Module.choosePath(Optional.ofNullable(module), uri);
        return HsmSigner.open(library, uri, pin.read(), List.of());
    }

    private int gateAndReport(ReportFormat reportFormat, PayloadSigner attestSigner, PrintWriter out)
            throws IOException {
        GateReport report;
        try {
            Policy policy = policyFile == null ? Policy.defaults() : PolicyReader.read(policyFile);
            Gate gate = GateFactory.create(policy, Clock.systemUTC());
            report = gate.verify(paths, Path.of("").toAbsolutePath());
            if (verdictFolder != null) {
                report = PromotionVerdicts.forPolicy(policy, verdictFolder, Clock.systemUTC())
                        .apply(report);
            }
        } catch (InvalidPolicyException e) {
            PolicyCommand.printProblems(e, spec.commandLine().getErr());
            return ReleaseGateCommand.USAGE;
        } catch (GateInputException e) {
            throw new UsageFailure(e.getMessage());
        }

        byte[] rendered = render(report, reportFormat, output == null && Terminal.colour());
        if (output == null) {
            out.print(new String(rendered, StandardCharsets.UTF_8));
        } else {
            writeAtomically(output, rendered);
            out.println(TextReportWriter.summary(report) + " Report: " + output);
        }
        if (attestSigner != null) {
            attest(report, attestSigner, out);
        }
        // On the error stream, so that a JSON or JUnit report on standard output stays exactly the report.
        PrintWriter err = spec.commandLine().getErr();
        for (String notice : ExceptionNotices.of(report, report.time().atZone(ZoneOffset.UTC))) {
            err.println("release-gate: warning: " + notice);
        }
        err.flush();
        out.flush();
        return report.allowsRelease() ? ReleaseGateCommand.PASSED : ReleaseGateCommand.GATE_FAILED;
    }

    private void attest(GateReport report, PayloadSigner signer, PrintWriter out) throws IOException {
        AttestationWriter.Written written;
        try {
            written = new AttestationWriter(signer, VersionProvider.version())
                    .write(report, Path.of("").toAbsolutePath(), attestFolder);
        } catch (GeneralSecurityException e) {
            throw new UsageFailure("The verdicts could not be signed with " + attestKey + ": " + e.getMessage());
        }
        written.skipped().forEach(out::println);
        out.println(written.files().size() + (written.files().size() == 1 ? " signed verdict" : " signed verdicts")
                + " written to " + attestFolder + ".");
    }

    private static PayloadSigner loadKey(Path key) {
        try {
            return KeyFileSigner.load(key);
        } catch (IOException e) {
            throw new UsageFailure(e.getMessage());
        }
    }

    private static byte[] render(GateReport report, ReportFormat format, boolean colour) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        switch (format) {
            case JSON -> JsonReportWriter.write(report, buffer);
            case JUNIT -> JunitReportWriter.write(report, buffer);
            case HTML -> HtmlReportWriter.write(report, buffer);
            case TEXT -> {
                PrintWriter writer = new PrintWriter(new OutputStreamWriter(buffer, StandardCharsets.UTF_8));
                new TextReportWriter(colour).write(report, writer);
            }
        }
        return buffer.toByteArray();
    }

    /** Writes the whole report or nothing: a temporary file beside the target, then a move into place. */
    private static void writeAtomically(Path target, byte[] content) {
        Path absolute = target.toAbsolutePath();
        if (absolute.getParent() == null || Files.isDirectory(absolute)) {
            throw new UsageFailure("The report could not be written to " + target + ": it is a folder, so name a file"
                    + " in it instead.");
        }
        try {
            AtomicFiles.write(absolute, content);
        } catch (IOException e) {
            throw new UsageFailure("The report could not be written to " + target + ": " + describe(e));
        }
    }

    private static String describe(IOException e) {
        return e.getMessage() == null
                ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + " " + e.getMessage();
    }
}
