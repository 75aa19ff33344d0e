package io.jenkins.plugins.releasegate.core.signature;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.jenkins.plugins.releasegate.core.artifact.ArtifactDigests;
import io.jenkins.plugins.releasegate.core.artifact.DigestAlgorithm;
import io.jenkins.plugins.releasegate.core.evidence.ArtifactContext;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceFile;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceLimits;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceRejection;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceVerifier;
import io.jenkins.plugins.releasegate.core.evidence.PendingCheck;
import io.jenkins.plugins.releasegate.core.verdict.Check;
import io.jenkins.plugins.releasegate.core.verdict.CheckResult;
import io.jenkins.plugins.releasegate.core.verdict.Code;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies Sigstore bundles ({@code A.sigstore.json}, media types v0.1 to v0.3) signed with a key, offline, against
 * the policy's public keys ({@code signature.trust.publicKeys}): the bundle's message digest must be the artifact's,
 * and its signature must verify over the artifact's digest with one of the keys. This is what
 * {@code cosign sign-blob --key ... --bundle} and {@code cosign verify-blob --key} do, less the transparency log:
 * the gate runs without network and has no Rekor trust root, so log entries and timestamps in the bundle are reported
 * as not checked rather than trusted. Keyless bundles (a Fulcio certificate) need that online trust root and fail as
 * unsupported, and so do DSSE envelopes, which sign a statement about the artifact rather than the artifact. One
 * instance serves any number of threads.
 */
public final class SigstoreBundleVerifier implements EvidenceVerifier {

    static final String MEDIA_TYPE = "mediaType";
    static final String TLOG = "tlog";
    static final String TLOG_NOT_CHECKED = "not checked (offline)";
    static final String TLOG_NONE = "none in the bundle";
    static final String PUBLIC_KEY_HINT = "publicKeyHint";

    private static final Set<String> MEDIA_TYPES = Set.of(
            "application/vnd.dev.sigstore.bundle+json;version=0.1",
            "application/vnd.dev.sigstore.bundle+json;version=0.2",
            "application/vnd.dev.sigstore.bundle+json;version=0.3",
            "application/vnd.dev.sigstore.bundle.v0.3+json");

    private static final Map<String, DigestAlgorithm> DIGESTS = Map.of(
            "SHA2_256", DigestAlgorithm.SHA_256,
            "SHA2_384", DigestAlgorithm.SHA_384,
            "SHA2_512", DigestAlgorithm.SHA_512);

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(
                            StreamReadConstraints.builder().maxNestingDepth(64).build())
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final PublicKeySet keys;

    public SigstoreBundleVerifier(PublicKeySet keys) {
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    @Override
    public Check check() {
        return Check.SIGNATURE;
    }

    @Override
    public PendingCheck read(EvidenceFile evidence, ArtifactContext artifact) {
        try {
            EvidenceLimits.Reading reading = EvidenceLimits.readAll(Check.SIGNATURE, evidence);
            if (reading.failed().isPresent()) {
                return PendingCheck.decided(reading.failed().get());
            }

            KeyedBundle bundle = parse(reading.bytes(), evidence.displayPath());
            RawSignatureVerifier.requireKeys(keys, evidence.displayPath(), "Sigstore bundle signed with a key");
            return new PendingBundle(bundle, evidence, artifact);
        } catch (EvidenceRejection e) {
            return PendingCheck.decided(
                    CheckResult.fail(Check.SIGNATURE, e.code(), evidence.displayPath(), e.detail()));
        } catch (RuntimeException e) {
            return PendingCheck.decided(CmsSignatureVerifier.internalError(evidence, e));
        }
    }

    /** What a keyed message-signature bundle states. */
    private record KeyedBundle(
            String mediaType,
            DigestAlgorithm digestAlgorithm,
            byte[] statedDigest,
            byte[] signature,
            String keyHint,
            int tlogEntries) {}

    private static KeyedBundle parse(byte[] bytes, String name) throws EvidenceRejection {
        JsonNode root;
        try {
            root = MAPPER.readTree(bytes);
        } catch (IOException e) {
            String reason = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
            throw malformed(name, "it is not well-formed JSON (" + firstLine(reason) + ")");
        }
        if (root == null || !root.isObject()) {
            throw malformed(name, "it is not a JSON object");
        }

        String mediaType = text(root, MEDIA_TYPE, name);
        if (!MEDIA_TYPES.contains(mediaType)) {
            throw new EvidenceRejection(
                    Code.SIGNATURE_UNSUPPORTED,
                    name + " has the media type " + mediaType + ", which is no Sigstore bundle version the gate"
                            + " knows (v0.1 to v0.3), so the signature check fails.");
        }
        if (root.has("dsseEnvelope")) {
            throw new EvidenceRejection(
                    Code.SIGNATURE_UNSUPPORTED,
                    name + " holds a DSSE envelope, which signs an attestation about an artifact rather than the"
                            + " artifact itself; the gate accepts only message signatures as artifact signatures,"
                            + " so the signature check fails.");
        }
        JsonNode material = root.path("verificationMaterial");
        if (material.has("certificate") || material.has("x509CertificateChain")) {
            throw new EvidenceRejection(
                    Code.SIGNATURE_UNSUPPORTED,
                    name + " is signed keylessly, with a Fulcio certificate, which can only be trusted through"
                            + " Sigstore's online trust root and transparency log; the gate verifies bundles signed"
                            + " with a key from " + PublicKeySet.POLICY_KEY + " only, so the signature check fails.");
        }

        JsonNode message = root.path("messageSignature");
        if (!message.isObject()) {
            throw malformed(name, "it has no messageSignature");
        }
        JsonNode messageDigest = message.path("messageDigest");
        if (!messageDigest.isObject()) {
            throw malformed(name, "its messageSignature has no messageDigest");
        }
        String algorithmName = text(messageDigest, "algorithm", name);
        DigestAlgorithm algorithm = DIGESTS.get(algorithmName);
        if (algorithm == null) {
            throw new EvidenceRejection(
                    Code.SIGNATURE_UNSUPPORTED,
                    name + " states its message digest in " + algorithmName + ", where the gate supports "
                            + String.join(
                                    ", ", DIGESTS.keySet().stream().sorted().toList())
                            + ", so the signature check fails.");
        }
        byte[] statedDigest = base64(messageDigest, "digest", name);
        int expectedLength = algorithm.newDigest().getDigestLength();
        if (statedDigest.length != expectedLength) {
            throw malformed(
                    name,
                    "its " + algorithmName + " message digest has " + statedDigest.length + " bytes rather than "
                            + expectedLength);
        }
        byte[] signature = base64(message, "signature", name);
        // The hint is an opaque string; cosign writes the base64 SHA-256 of the key's SubjectPublicKeyInfo.
        String hint = material.path("publicKey").has("hint") ? text(material.path("publicKey"), "hint", name) : null;
        return new KeyedBundle(
                mediaType,
                algorithm,
                statedDigest,
                signature,
                hint,
                material.path("tlogEntries").size());
    }

    private static String text(JsonNode node, String field, String name) throws EvidenceRejection {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw malformed(name, "its " + field + " is missing or not a string");
        }
        return value.asText();
    }

    private static byte[] base64(JsonNode node, String field, String name) throws EvidenceRejection {
        String value = text(node, field, name);
        try {
            return value.contains("-") || value.contains("_")
                    ? Base64.getUrlDecoder().decode(value)
                    : Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw malformed(name, "its " + field + " is not valid base64 (" + e.getMessage() + ")");
        }
    }

    private static String firstLine(String message) {
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }

    private static EvidenceRejection malformed(String name, String reason) {
        return new EvidenceRejection(
                Code.SIGNATURE_MALFORMED,
                name + " is not a usable Sigstore bundle: " + reason + ", so the signature check fails.");
    }

    /** A parsed bundle waiting for the artifact's digest. */
    private final class PendingBundle implements PendingCheck {

        private final KeyedBundle bundle;
        private final EvidenceFile evidence;
        private final ArtifactContext artifact;

        PendingBundle(KeyedBundle bundle, EvidenceFile evidence, ArtifactContext artifact) {
            this.bundle = bundle;
            this.evidence = evidence;
            this.artifact = artifact;
        }

        @Override
        public Set<DigestAlgorithm> digestsNeeded() {
            return Set.of(bundle.digestAlgorithm());
        }

        @Override
        public CheckResult complete(ArtifactDigests digests) {
            try {
                return decide(digests);
            } catch (EvidenceRejection e) {
                return CheckResult.fail(Check.SIGNATURE, e.code(), name(), e.detail())
                        .withFacts(baseFacts());
            } catch (RuntimeException e) {
                return CmsSignatureVerifier.internalError(evidence, e);
            }
        }

        private CheckResult decide(ArtifactDigests digests) throws EvidenceRejection {
            // The stated digest binds the bundle to content: it must be the artifact's.
            DigestAlgorithm algorithm = bundle.digestAlgorithm();
            byte[] actual = digests.get(algorithm)
                    .orElseThrow(() -> new IllegalStateException(
                            "The gate did not compute the " + algorithm.jcaName() + " this check asked for"));
            if (!MessageDigest.isEqual(actual, bundle.statedDigest())) {
                throw new EvidenceRejection(
                        Code.SIGNATURE_CONTENT_MISMATCH,
                        name() + " was made for other content than " + artifact.fileName() + ": it signs "
                                + algorithm.jcaName() + " " + HexFormat.of().formatHex(bundle.statedDigest())
                                + ", but " + artifact.fileName() + " has "
                                + HexFormat.of().formatHex(actual)
                                + ", so the signature check fails.");
            }

            // The signature over that digest must come from a trusted key; the hinted one is tried first.
            Optional<TrustedPublicKey> hinted = hintedKey();
            List<TrustedPublicKey> candidates = new ArrayList<>();
            hinted.ifPresent(candidates::add);
            keys.keys().stream().filter(key -> !candidates.contains(key)).forEach(candidates::add);
            for (TrustedPublicKey key : candidates) {
                if (PrehashedSignature.verifies(key, algorithm, actual, bundle.signature())) {
                    return passed(key);
                }
            }
            throw notVerified(hinted.isPresent());
        }

        private Optional<TrustedPublicKey> hintedKey() {
            if (bundle.keyHint() == null) {
                return Optional.empty();
            }
            try {
                return keys.bySha256(Base64.getDecoder().decode(bundle.keyHint()));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }

        private EvidenceRejection notVerified(boolean hintMatched) {
            if (bundle.keyHint() != null && !hintMatched) {
                return new EvidenceRejection(
                        Code.SIGNATURE_UNTRUSTED,
                        name() + " names the signing key " + bundle.keyHint()
                                + ", which is none of the " + keys.keys().size() + " public keys in "
                                + PublicKeySet.POLICY_KEY + ", and no key there verifies its signature, so the"
                                + " signature check fails.");
            }
            return new EvidenceRejection(
                    Code.SIGNATURE_INVALID,
                    name() + " states the right digest of " + artifact.fileName() + ", but its signature does not"
                            + " verify with " + (hintMatched ? "the key it names or any other of the " : "any of the ")
                            + keys.keys().size() + " public keys in " + PublicKeySet.POLICY_KEY
                            + ", so the signature check fails.");
        }

        private CheckResult passed(TrustedPublicKey key) {
            Map<String, String> facts = new LinkedHashMap<>();
            facts.put(RawSignatureVerifier.PUBLIC_KEY_SHA256, key.sha256());
            facts.put(RawSignatureVerifier.PUBLIC_KEY_FILE, key.source());
            facts.put(
                    RawSignatureVerifier.ALGORITHM,
                    key.description() + " with " + bundle.digestAlgorithm().jcaName());
            facts.putAll(baseFacts());
            String tlog = bundle.tlogEntries() > 0 ? "; its transparency log entry was not checked (offline)" : "";
            return CheckResult.pass(
                    Check.SIGNATURE,
                    Code.SIGNATURE_VALID,
                    name(),
                    name() + " is a valid Sigstore bundle for " + artifact.fileName() + ", signed by the public key "
                            + key.source() + " (" + key.description() + ")" + tlog + ".",
                    facts);
        }

        private Map<String, String> baseFacts() {
            Map<String, String> facts = new LinkedHashMap<>();
            facts.put(MEDIA_TYPE, bundle.mediaType());
            if (bundle.keyHint() != null) {
                facts.put(PUBLIC_KEY_HINT, bundle.keyHint());
            }
            facts.put(TLOG, bundle.tlogEntries() > 0 ? TLOG_NOT_CHECKED : TLOG_NONE);
            return facts;
        }

        private String name() {
            return evidence.displayPath();
        }
    }
}
