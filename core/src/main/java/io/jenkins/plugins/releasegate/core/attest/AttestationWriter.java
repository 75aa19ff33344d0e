package io.jenkins.plugins.releasegate.core.attest;

import io.jenkins.plugins.releasegate.core.artifact.ArtifactHasher;
import io.jenkins.plugins.releasegate.core.report.AtomicFiles;
import io.jenkins.plugins.releasegate.core.verdict.ArtifactReport;
import io.jenkins.plugins.releasegate.core.verdict.CheckResult;
import io.jenkins.plugins.releasegate.core.verdict.Code;
import io.jenkins.plugins.releasegate.core.verdict.GateReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes, for each artifact of a report, its signed verdict: a DSSE envelope around a verification summary, named
 * after the artifact with {@code .vsa.dsse.json} appended, in a folder that mirrors the artifacts' paths.
 */
public final class AttestationWriter {

    public static final String SUFFIX = ".vsa.dsse.json";

    private final PayloadSigner signer;
    private final String verifierVersion;

    public AttestationWriter(PayloadSigner signer, String verifierVersion) {
        this.signer = signer;
        this.verifierVersion = verifierVersion;
    }

    /** What was written, and the artifacts that got no verdict because they could not be read. */
    public record Written(List<Path> files, List<String> skipped) {}

    /**
     * Writes one signed verdict per artifact that could be read. Each file is written whole or not at all.
     *
     * @param workingFolder the folder the report's paths are relative to
     * @param outputFolder where the verdicts go
     */
    public Written write(GateReport report, Path workingFolder, Path outputFolder)
            throws IOException, GeneralSecurityException {
        Map<String, String> evidenceDigests = evidenceDigests(report, workingFolder);
        List<Path> files = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (ArtifactReport artifact : report.artifacts()) {
            if (artifact.sha256() == null) {
                skipped.add(artifact.path() + " could not be read, so it has no digest to sign a verdict about.");
                continue;
            }
            byte[] statement = VerificationSummary.statement(report, artifact, evidenceDigests, verifierVersion);
            byte[] envelope = Dsse.envelope(Dsse.IN_TOTO_PAYLOAD_TYPE, statement, signer);
            Path target = outputFolder.resolve(relativeName(artifact.path()) + SUFFIX);
            writeAtomically(target, envelope);
            files.add(target);
        }
        return new Written(files, skipped);
    }

    /** The artifact's path as given when it stays inside the output folder, else its file name. */
    static String relativeName(String displayPath) {
        boolean escapes = displayPath.startsWith("/")
                || displayPath.matches("^[A-Za-z]:.*")
                || List.of(displayPath.split("/")).contains("..");
        return escapes ? displayPath.substring(displayPath.lastIndexOf('/') + 1) : displayPath;
    }

    private static Map<String, String> evidenceDigests(GateReport report, Path workingFolder) throws IOException {
        Map<String, String> digests = new HashMap<>();
        for (ArtifactReport artifact : report.artifacts()) {
            for (CheckResult check : artifact.checks()) {
                String evidence = check.evidence();
                // Evidence the gate refused to open (a link out of the folder) is not opened here either.
                if (evidence == null || digests.containsKey(evidence) || check.code() == Code.EVIDENCE_UNSAFE_PATH) {
                    continue;
                }
                Path file = workingFolder.resolve(evidence);
                if (Files.isRegularFile(file)) {
                    digests.put(evidence, ArtifactHasher.digest(file, Set.of()).sha256());
                }
            }
        }
        return digests;
    }

    private static void writeAtomically(Path target, byte[] content) throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        AtomicFiles.write(target, content);
    }
}
