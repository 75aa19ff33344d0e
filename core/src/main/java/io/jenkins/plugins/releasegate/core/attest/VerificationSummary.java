package io.jenkins.plugins.releasegate.core.attest;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.jenkins.plugins.releasegate.core.verdict.ArtifactReport;
import io.jenkins.plugins.releasegate.core.verdict.CheckResult;
import io.jenkins.plugins.releasegate.core.verdict.ExceptionUse;
import io.jenkins.plugins.releasegate.core.verdict.GateReport;
import io.jenkins.plugins.releasegate.core.verdict.Verdict;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The verdict on one artifact as an in-toto Statement v1 with a SLSA Verification Summary predicate: what was checked,
 * against which policy, with what result. Release Gate's own details travel in the predicate's {@code releaseGate}
 * field: every check with its status, code and evidence, and the exceptions that applied.
 */
public final class VerificationSummary {

    public static final String STATEMENT_TYPE = "https://in-toto.io/Statement/v1";
    public static final String PREDICATE_TYPE = "https://slsa.dev/verification_summary/v1";
    public static final String VERIFIER_ID = "https://github.com/jenkinsci/release-gate-plugin";
    /** The level a passing artifact reaches; custom, as SLSA reserves the {@code SLSA_} prefix for its own tracks. */
    public static final String PASSED_LEVEL = "RELEASE_GATE_SIGNATURE_SBOM_SCAN";

    private VerificationSummary() {}

    /**
     * The statement for one artifact of a report.
     *
     * @param evidenceDigests the SHA-256 of each evidence file, by the name the report gives it
     * @param verifierVersion this build of Release Gate
     */
    public static byte[] statement(
            GateReport report, ArtifactReport artifact, Map<String, String> evidenceDigests, String verifierVersion)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeStringField("_type", STATEMENT_TYPE);
            json.writeArrayFieldStart("subject");
            json.writeStartObject();
            json.writeStringField("name", fileName(artifact.path()));
            json.writeObjectFieldStart("digest");
            json.writeStringField("sha256", artifact.sha256());
            json.writeEndObject();
            json.writeEndObject();
            json.writeEndArray();
            json.writeStringField("predicateType", PREDICATE_TYPE);
            json.writeObjectFieldStart("predicate");
            predicate(json, report, artifact, evidenceDigests, verifierVersion);
            json.writeEndObject();
            json.writeEndObject();
        }
        return out.toByteArray();
    }

    private static void predicate(
            JsonGenerator json,
            GateReport report,
            ArtifactReport artifact,
            Map<String, String> evidenceDigests,
            String verifierVersion)
            throws IOException {
        json.writeObjectFieldStart("verifier");
        json.writeStringField("id", VERIFIER_ID);
        json.writeObjectFieldStart("version");
        json.writeStringField("release-gate", verifierVersion);
        json.writeEndObject();
        json.writeEndObject();
        json.writeStringField("timeVerified", report.time().toString());
        json.writeStringField("resourceUri", "file:" + artifact.path());
        json.writeObjectFieldStart("policy");
        json.writeStringField("uri", "release-gate:policy");
        json.writeObjectFieldStart("digest");
        json.writeStringField("sha256", report.policySha256());
        json.writeEndObject();
        json.writeEndObject();

        Map<String, String> used = new LinkedHashMap<>();
        for (CheckResult check : artifact.checks()) {
            if (check.evidence() != null && evidenceDigests.containsKey(check.evidence())) {
                used.put(check.evidence(), evidenceDigests.get(check.evidence()));
            }
        }
        json.writeArrayFieldStart("inputAttestations");
        for (Map.Entry<String, String> evidence : used.entrySet()) {
            json.writeStartObject();
            json.writeStringField("uri", "file:" + evidence.getKey());
            json.writeObjectFieldStart("digest");
            json.writeStringField("sha256", evidence.getValue());
            json.writeEndObject();
            json.writeEndObject();
        }
        json.writeEndArray();

        boolean passed = artifact.verdict() == Verdict.PASS;
        json.writeStringField("verificationResult", passed ? "PASSED" : "FAILED");
        json.writeArrayFieldStart("verifiedLevels");
        json.writeString(passed ? PASSED_LEVEL : "FAILED");
        json.writeEndArray();
        json.writeStringField("slsaVersion", "1.0");
        releaseGate(json, report, artifact, evidenceDigests);
    }

    private static void releaseGate(
            JsonGenerator json, GateReport report, ArtifactReport artifact, Map<String, String> evidenceDigests)
            throws IOException {
        json.writeObjectFieldStart("releaseGate");
        json.writeStringField("mode", report.mode());
        json.writeStringField("verdict", artifact.verdict().id());
        json.writeArrayFieldStart("checks");
        Map<String, ExceptionUse> exceptions = new LinkedHashMap<>();
        for (CheckResult check : artifact.checks()) {
            json.writeStartObject();
            json.writeStringField("check", check.check().id());
            json.writeStringField("status", check.status().id());
            json.writeStringField("code", check.code().name());
            if (check.evidence() != null) {
                json.writeObjectFieldStart("evidence");
                json.writeStringField("uri", "file:" + check.evidence());
                String digest = evidenceDigests.get(check.evidence());
                if (digest != null) {
                    json.writeObjectFieldStart("digest");
                    json.writeStringField("sha256", digest);
                    json.writeEndObject();
                }
                json.writeEndObject();
            }
            json.writeEndObject();
            check.exceptions().forEach(use -> exceptions.putIfAbsent(use.id(), use));
        }
        json.writeEndArray();
        json.writeArrayFieldStart("exceptions");
        for (ExceptionUse use : exceptions.values()) {
            json.writeStartObject();
            json.writeStringField("id", use.id());
            json.writeStringField("waive", use.waive());
            json.writeStringField("owner", use.owner());
            json.writeStringField("expires", use.expires().toString());
            json.writeBooleanField("expired", use.expired());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
