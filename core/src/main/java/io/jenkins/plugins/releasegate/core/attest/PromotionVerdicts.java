package io.jenkins.plugins.releasegate.core.attest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.releasegate.core.policy.InvalidPolicyException;
import io.jenkins.plugins.releasegate.core.policy.Policy;
import io.jenkins.plugins.releasegate.core.policy.TrustSources;
import io.jenkins.plugins.releasegate.core.signature.CertificateTrust;
import io.jenkins.plugins.releasegate.core.signature.PublicKeySet;
import io.jenkins.plugins.releasegate.core.signature.TrustedPublicKey;
import io.jenkins.plugins.releasegate.core.verdict.ArtifactReport;
import io.jenkins.plugins.releasegate.core.verdict.CheckResult;
import io.jenkins.plugins.releasegate.core.verdict.Code;
import io.jenkins.plugins.releasegate.core.verdict.GateReport;
import io.jenkins.plugins.releasegate.core.verdict.Status;
import io.jenkins.plugins.releasegate.core.verdict.Verdict;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Accepts signed verdicts that an earlier gate wrote ({@link AttestationWriter}) as evidence for promotion. For an
 * artifact gated from {@code dist/app.jar}, the verdict is {@code FOLDER/dist/app.jar.vsa.dsse.json}, or
 * {@code FOLDER/app.jar.vsa.dsse.json} when that is absent. It counts only when all of these hold:
 *
 * <ol>
 *   <li>its DSSE signature verifies with a key the policy trusts: the public key of a certificate in
 *       {@code signature.trust.certificates} or a key in {@code signature.trust.publicKeys};
 *   <li>its payload type is in-toto's and its statement is an in-toto Statement v1 with a SLSA verification summary
 *       predicate;
 *   <li>a subject's SHA-256 is the artifact's, as the gate computed it in this run;
 *   <li>its {@code predicate.policy.digest.sha256} is the digest of the policy in force now;
 *   <li>its {@code verificationResult} is {@code PASSED}.
 * </ol>
 *
 * <p>An accepted verdict stands in for evidence that is no longer beside the artifact: each check that is missing
 * passes with {@link Code#VERDICT_ACCEPTED}. Evidence that is present is still checked, and a check it fails stays
 * failed. A verdict that breaks a rule makes nothing pass; the reason is noted. Safe for use by several threads.
 */
public final class PromotionVerdicts {

    /** A verdict is a few kilobytes; anything far larger is not one. */
    static final long MAX_BYTES = 4L << 20;

    private static final String PASSED = "PASSED";
    private static final int PSS_SALT_BYTES = 32;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path folder;
    private final List<PublicKey> trustedKeys;
    private final Clock clock;

    /**
     * @param folder where the verdicts are, mirroring the artifacts' paths as {@link AttestationWriter} writes them
     * @param trustedKeys the keys a verdict may be signed with
     * @param clock tells which exceptions a verdict relied on have expired since, for the report
     */
    public PromotionVerdicts(Path folder, List<PublicKey> trustedKeys, Clock clock) {
        this.folder = folder;
        this.trustedKeys = List.copyOf(trustedKeys);
        this.clock = clock;
    }

    /**
     * Trusts the keys the policy trusts for raw signatures and the public keys of its trusted certificates.
     *
     * @throws InvalidPolicyException when a trust anchor file cannot be read
     */
    public static PromotionVerdicts forPolicy(Policy policy, Path folder, Clock clock) throws InvalidPolicyException {
        TrustSources sources = policy.signature().trust();
        CertificateTrust certificates = CertificateTrust.load(sources);
        Set<PublicKey> keys = new LinkedHashSet<>();
        certificates.caCertificates().stream()
                .map(X509Certificate::getPublicKey)
                .forEach(keys::add);
        certificates.pinnedSigners().stream().map(X509Certificate::getPublicKey).forEach(keys::add);
        PublicKeySet.fromAnchors(sources.publicKeys(), "the policy").keys().stream()
                .map(TrustedPublicKey::key)
                .forEach(keys::add);
        return new PromotionVerdicts(folder, List.copyOf(keys), clock);
    }

    /** How one verdict file was judged: accepted, or the sentence that says why not. */
    record Judgement(String file, boolean accepted, String reason, Map<String, String> facts) {

        static Judgement rejected(String file, String reason) {
            return new Judgement(file, false, reason, Map.of());
        }
    }

    /**
     * The report with the verdicts found for its artifacts applied, and a note for each verdict judged. The
     * artifacts' and the release's verdicts are decided again from their checks. Never throws.
     */
    public GateReport apply(GateReport report) {
        List<String> notes = new ArrayList<>(report.notes());
        List<ArtifactReport> artifacts = new ArrayList<>();
        for (ArtifactReport artifact : report.artifacts()) {
            Optional<Judgement> judgement = judge(artifact, report.policySha256());
            judgement.ifPresent(found -> notes.add(note(artifact, found)));
            artifacts.add(judgement.map(found -> applied(artifact, found)).orElse(artifact));
        }
        boolean passed =
                !artifacts.isEmpty() && artifacts.stream().allMatch(artifact -> artifact.verdict() == Verdict.PASS);
        return new GateReport(
                Verdict.of(passed), report.audit(), report.policySha256(), report.time(), artifacts, notes);
    }

    /** The verdict for an artifact, judged; empty when there is none in the folder. */
    Optional<Judgement> judge(ArtifactReport artifact, String policySha256) {
        if (artifact.sha256() == null) {
            return Optional.empty();
        }
        try {
            return judgeCandidates(artifact, policySha256);
        } catch (RuntimeException e) {
            return Optional.of(Judgement.rejected(
                    folder.toString(),
                    "An internal error stopped the search for a verdict on " + artifact.path() + " in " + folder + " ("
                            + e.getClass().getName() + ": " + e.getMessage() + "), so no verdict counts."));
        }
    }

    private Optional<Judgement> judgeCandidates(ArtifactReport artifact, String policySha256) {
        Judgement first = null;
        for (Path candidate : candidates(artifact.path())) {
            if (!Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            Judgement judgement = judge(candidate, artifact.path(), artifact.sha256(), policySha256);
            if (judgement.accepted()) {
                return Optional.of(judgement);
            }
            first = first == null ? judgement : first;
        }
        return Optional.ofNullable(first);
    }

    private List<Path> candidates(String artifactPath) {
        Set<Path> candidates = new LinkedHashSet<>();
        candidates.add(folder.resolve(AttestationWriter.relativeName(artifactPath) + AttestationWriter.SUFFIX));
        candidates.add(
                folder.resolve(artifactPath.substring(artifactPath.lastIndexOf('/') + 1) + AttestationWriter.SUFFIX));
        return List.copyOf(candidates);
    }

    /** Judges one verdict file against the artifact's digest and the policy's; never throws. */
    Judgement judge(Path file, String artifactPath, String artifactSha256, String policySha256) {
        String name = file.toString();
        try {
            return judgeEnvelope(name, read(file, name), artifactPath, artifactSha256, policySha256);
        } catch (Rejected e) {
            return Judgement.rejected(name, e.getMessage());
        } catch (RuntimeException e) {
            return Judgement.rejected(
                    name,
                    "An internal error stopped the check of the verdict " + name + " ("
                            + e.getClass().getName() + ": " + e.getMessage() + "), so it does not count.");
        }
    }

    private Judgement judgeEnvelope(
            String name, byte[] content, String artifactPath, String artifactSha256, String policySha256)
            throws Rejected {
        // The envelope first: nothing in the statement is believed before its signature holds.
        JsonNode envelope = parse(content, name, "a DSSE envelope");
        String payloadType = text(envelope, "/payloadType");
        if (!Dsse.IN_TOTO_PAYLOAD_TYPE.equals(payloadType)) {
            throw new Rejected("The verdict " + name + " has payload type \"" + payloadType + "\", not \""
                    + Dsse.IN_TOTO_PAYLOAD_TYPE + "\", so it does not count.");
        }
        byte[] payload = base64(text(envelope, "/payload"), name, "payload");
        String keyId = signedBy(envelope, Dsse.pae(payloadType, payload), name);

        // Then the statement: what it is about, under which policy, with what result.
        JsonNode statement = parse(payload, name, "an in-toto statement");
        expect(statement, "/_type", VerificationSummary.STATEMENT_TYPE, name, "statement type");
        expect(statement, "/predicateType", VerificationSummary.PREDICATE_TYPE, name, "predicate type");
        List<String> subjectDigests = new ArrayList<>();
        statement
                .path("subject")
                .forEach(subject -> subjectDigests.add(
                        subject.at("/digest/sha256").asText("").toLowerCase(Locale.ROOT)));
        if (!subjectDigests.contains(artifactSha256.toLowerCase(Locale.ROOT))) {
            throw new Rejected("The verdict " + name + " is about SHA-256 " + String.join(", ", subjectDigests)
                    + ", not about " + artifactPath + " (SHA-256 " + artifactSha256 + "), so it does not count.");
        }
        JsonNode predicate = statement.path("predicate");
        String verdictPolicy = predicate.at("/policy/digest/sha256").asText("");
        if (!verdictPolicy.equals(policySha256)) {
            throw new Rejected("The verdict " + name + " was made under policy " + verdictPolicy + ", not under the"
                    + " policy in force now (" + policySha256 + "), so it does not count.");
        }
        String result = predicate.path("verificationResult").asText("");
        if (!PASSED.equals(result)) {
            throw new Rejected("The verdict " + name + " says " + artifactPath + " " + describeResult(result)
                    + ", so it does not count.");
        }

        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("verdict", name);
        facts.put("verdictKeyId", keyId);
        facts.put("verdictTime", predicate.path("timeVerified").asText(""));
        List<String> expired = expiredSince(predicate);
        if (!expired.isEmpty()) {
            facts.put("verdictExceptionsExpiredSince", String.join(", ", expired));
        }
        return new Judgement(name, true, "", facts);
    }

    private static String describeResult(String result) {
        return result.isEmpty() ? "nothing about its result" : "it " + result.toLowerCase(Locale.ROOT);
    }

    /** The key id of the first signature that verifies with a trusted key. */
    private String signedBy(JsonNode envelope, byte[] pae, String name) throws Rejected {
        if (trustedKeys.isEmpty()) {
            throw new Rejected("The policy trusts no key (signature.trust.certificates, signature.trust.publicKeys),"
                    + " so the verdict " + name + " does not count.");
        }
        JsonNode signatures = envelope.path("signatures");
        if (!signatures.isArray() || signatures.isEmpty()) {
            throw new Rejected("The verdict " + name + " carries no signature, so it does not count.");
        }
        List<String> keyIds = new ArrayList<>();
        for (JsonNode signature : signatures) {
            keyIds.add(signature.path("keyid").asText("(none)"));
            byte[] value = base64(signature.path("sig").asText(""), name, "signature");
            for (PublicKey key : trustedKeys) {
                if (verifies(key, pae, value)) {
                    return KeyFileSigner.keyId(key);
                }
            }
        }
        throw new Rejected("The signature of the verdict " + name + " (key id " + String.join(", ", keyIds)
                + ") does not verify with any key the policy trusts: it was signed by another key or changed"
                + " since, so it does not count.");
    }

    /** Whether the signature verifies with any scheme that Release Gate signs verdicts with for this kind of key. */
    static boolean verifies(PublicKey key, byte[] message, byte[] value) {
        for (Signature verifier : verifiersFor(key)) {
            try {
                verifier.initVerify(key);
                verifier.update(message);
                if (verifier.verify(value)) {
                    return true;
                }
            } catch (GeneralSecurityException | RuntimeException e) {
                // A signature that does not parse under one scheme may still be of another.
            }
        }
        return false;
    }

    private static List<Signature> verifiersFor(PublicKey key) {
        List<Signature> verifiers = new ArrayList<>();
        try {
            if (key instanceof ECPublicKey) {
                verifiers.add(Signature.getInstance("SHA256withECDSA"));
                verifiers.add(Signature.getInstance("SHA384withECDSA"));
            } else if ("RSA".equals(key.getAlgorithm())) {
                verifiers.add(Signature.getInstance("SHA256withRSA"));
                Signature pss = Signature.getInstance("RSASSA-PSS");
                pss.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSS_SALT_BYTES, 1));
                verifiers.add(pss);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This Java runtime lacks a standard signature algorithm", e);
        }
        return verifiers;
    }

    /** The exceptions the verdict relied on that have expired since: the verdict still stands, but says so. */
    private List<String> expiredSince(JsonNode predicate) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        List<String> expired = new ArrayList<>();
        for (JsonNode exception : predicate.at("/releaseGate/exceptions")) {
            try {
                LocalDate expires = LocalDate.parse(exception.path("expires").asText(""));
                if (expires.isBefore(today)) {
                    expired.add(exception.path("id").asText("?") + " (expired " + expires + ")");
                }
            } catch (DateTimeParseException e) {
                expired.add(exception.path("id").asText("?") + " (no readable end date)");
            }
        }
        return expired;
    }

    private static ArtifactReport applied(ArtifactReport artifact, Judgement judgement) {
        List<CheckResult> checks = new ArrayList<>();
        for (CheckResult check : artifact.checks()) {
            if (!judgement.accepted()) {
                checks.add(check.withFacts(Map.of("verdict", "not accepted: " + judgement.reason())));
            } else if (check.status() == Status.MISSING) {
                checks.add(new CheckResult(
                        check.check(),
                        Status.PASS,
                        Code.VERDICT_ACCEPTED,
                        judgement.file(),
                        "No " + check.check().id() + " evidence is beside " + artifact.path() + ", but the signed"
                                + " verdict " + judgement.file() + " passed it under this policy.",
                        judgement.facts(),
                        List.of(),
                        check.exceptions()));
            } else {
                checks.add(check.withFacts(judgement.facts()));
            }
        }
        boolean passed = checks.stream().allMatch(check -> check.status().allowsPromotion());
        return new ArtifactReport(artifact.path(), artifact.sha256(), Verdict.of(passed), checks);
    }

    private static String note(ArtifactReport artifact, Judgement judgement) {
        if (!judgement.accepted()) {
            return judgement.reason() + " It makes nothing pass for " + artifact.path() + ".";
        }
        String expired = judgement.facts().get("verdictExceptionsExpiredSince");
        return "The signed verdict " + judgement.file() + " is accepted for " + artifact.path() + " (key "
                + judgement.facts().get("verdictKeyId").substring(0, 16) + "..., made "
                + judgement.facts().get("verdictTime") + ")"
                + (expired == null ? "." : "; exceptions it relied on have expired since: " + expired + ".");
    }

    private static byte[] read(Path file, String name) throws Rejected {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new Rejected("The verdict " + name + " is not a regular file, so it does not count.");
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] content = in.readNBytes((int) MAX_BYTES + 1);
            if (content.length > MAX_BYTES) {
                throw new Rejected("The verdict " + name + " is larger than " + (MAX_BYTES >> 20) + " MiB, which"
                        + " no verdict is, so it does not count.");
            }
            return content;
        } catch (IOException e) {
            throw new Rejected(
                    "The verdict " + name + " could not be read (" + e.getMessage() + "), so it does not count.");
        }
    }

    private static JsonNode parse(byte[] content, String name, String what) throws Rejected {
        try {
            JsonNode node = JSON.readTree(content);
            if (node == null || !node.isObject()) {
                throw new Rejected("The verdict " + name + " does not hold " + what + ", so it does not count.");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new Rejected("The verdict " + name + " does not hold " + what + " in JSON (" + e.getOriginalMessage()
                    + "), so it does not count.");
        } catch (IOException e) {
            throw new Rejected(
                    "The verdict " + name + " could not be parsed (" + e.getMessage() + "), so it does not count.");
        }
    }

    private static String text(JsonNode node, String pointer) {
        return node.at(pointer).asText("");
    }

    private static void expect(JsonNode node, String pointer, String expected, String name, String what)
            throws Rejected {
        String actual = text(node, pointer);
        if (!expected.equals(actual)) {
            throw new Rejected("The verdict " + name + " has " + what + " \"" + actual + "\", not \"" + expected
                    + "\", so it does not count.");
        }
    }

    private static byte[] base64(String text, String name, String what) throws Rejected {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new Rejected("The " + what + " of the verdict " + name + " is not base64, so it does not count.");
        }
    }

    /** Why a verdict does not count, as a sentence that names its file. */
    private static final class Rejected extends Exception {

        private static final long serialVersionUID = 1L;

        Rejected(String message) {
            super(message, null, false, false);
        }
    }
}
