package io.jenkins.plugins.releasegate.core.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Writes the effective policy back out: as YAML for people ({@code release-gate policy check}), and as the canonical
 * form whose SHA-256 identifies the policy in reports.
 */
public final class PolicyWriter {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE));
    private static final ObjectMapper CANONICAL =
            new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private PolicyWriter() {}

    /** The effective policy as a YAML policy file, every default written out. */
    public static String toYaml(Policy policy) {
        try {
            return YAML.writeValueAsString(model(policy, PolicyWriter::anchorText));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The policy model could not be written as YAML", e);
        }
    }

    /**
     * The SHA-256 of the policy's canonical form: the effective policy with sorted keys, in which each trust anchor
     * file stands as the digest of its content, so the digest changes when a trust anchor does and not when the
     * policy is moved. The artifact patterns are left out: they choose which files a run gates, not how each is
     * judged, and a Jenkins step sets them from its own {@code artifacts} parameter.
     */
    public static String sha256(Policy policy) {
        try {
            Map<String, Object> model = model(policy, PolicyWriter::contentDigest);
            model.remove("artifacts");
            // A policy that keeps the default for a key added later keeps the digest it had before the key existed,
            // so that verdicts made under it still match.
            if (policy.signature().signers() == Signers.ALL) {
                ((Map<?, ?>) model.get("signature")).remove("signers");
            }
            byte[] canonical = CANONICAL.writeValueAsBytes(model);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("The policy digest could not be computed", e);
        }
    }

    /** A trust anchor as a policy file writes it: the file's path, or the inline text itself. */
    private static String anchorText(TrustAnchor anchor) {
        return anchor instanceof TrustAnchor.File file ? file.path().toString() : ((TrustAnchor.Inline) anchor).text();
    }

    private static String contentDigest(TrustAnchor anchor) {
        try {
            return "sha256:" + anchor.contentDigest(TrustAnchor.MAX_BYTES);
        } catch (IOException e) {
            return "unreadable:" + anchor.name();
        }
    }

    private static Map<String, Object> model(Policy policy, Function<TrustAnchor, String> trustFile) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("version", Policy.VERSION);
        root.put("mode", policy.mode().word());
        root.put(
                "artifacts",
                map(
                        "include",
                        policy.artifacts().include(),
                        "exclude",
                        policy.artifacts().exclude()));

        SignaturePolicy signature = policy.signature();
        TrustSources trust = signature.trust();
        Map<String, Object> trustModel = map(
                "certificates", trust.certificates().stream().map(trustFile).toList(),
                "openpgpKeys", trust.openpgpKeys().stream().map(trustFile).toList(),
                "publicKeys", trust.publicKeys().stream().map(trustFile).toList());
        Map<String, Object> signatureModel =
                map("required", signature.required(), "formats", words(signature.formats()));
        signatureModel.put("trust", trustModel);
        signatureModel.put("codeSigning", signature.codeSigning());
        signatureModel.put("signers", signature.signers().word());
        signatureModel.put("evidence", signature.evidence());
        root.put("signature", signatureModel);

        SbomPolicy sbom = policy.sbom();
        Map<String, Object> sbomModel = map("required", sbom.required(), "formats", words(sbom.formats()));
        sbomModel.put("binding", sbom.binding().word());
        sbomModel.put("evidence", sbom.evidence());
        root.put("sbom", sbomModel);

        ScanPolicy scan = policy.scan();
        Map<String, Object> scanModel = map("required", scan.required(), "formats", words(scan.formats()));
        scanModel.put("failOn", scan.failOn().id());
        scan.maxAge().map(PolicyWriter::duration).ifPresent(age -> scanModel.put("maxAge", age));
        scanModel.put("evidence", scan.evidence());
        scanModel.put("requiredKinds", words(scan.requiredKinds()));
        scanModel.put(
                "toolKinds",
                new java.util.TreeMap<>(scan.toolKinds().entrySet().stream()
                        .collect(java.util.stream.Collectors.toMap(
                                Map.Entry::getKey, entry -> entry.getValue().word()))));
        root.put("scan", scanModel);

        root.put(
                "exceptions",
                policy.exceptions().stream().map(PolicyWriter::exception).toList());
        return root;
    }

    private static Map<String, Object> exception(PolicyExceptionRule rule) {
        Map<String, Object> model = map("id", rule.id(), "artifact", rule.artifact());
        model.put("waive", rule.waive());
        model.put("reason", rule.reason());
        model.put("owner", rule.owner());
        Optional.ofNullable(rule.ticket()).ifPresent(ticket -> model.put("ticket", ticket));
        model.put("expires", rule.expires().toString());
        return model;
    }

    private static List<String> words(Collection<? extends PolicyWord> words) {
        return words.stream().map(PolicyWord::word).sorted().toList();
    }

    static String duration(Duration age) {
        if (age.toMinutes() % (24 * 60) == 0) {
            return age.toDays() + "d";
        }
        return age.toMinutes() % 60 == 0 ? age.toHours() + "h" : age.toMinutes() + "m";
    }

    private static Map<String, Object> map(String key1, Object value1, String key2, Object value2) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(key1, value1);
        map.put(key2, value2);
        return map;
    }

    private static Map<String, Object> map(
            String key1, Object value1, String key2, Object value2, String key3, Object value3) {
        Map<String, Object> map = map(key1, value1, key2, value2);
        map.put(key3, value3);
        return map;
    }
}
